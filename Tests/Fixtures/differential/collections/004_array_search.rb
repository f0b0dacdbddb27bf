a = %w[web db cache db]
p a.include?("db"), a.index("db"), a.rindex("db"), a.find_index { |x| x.size > 3 }, a.index("zz")
p a.count("db"), a.count { |x| x.start_with?("c") }, a.count
