v = nil
arr = [1, "two", :three, nil, 4.5]
h = { a: 1, "b" => [2] }
puts "nil=[#{v}] arr=#{arr} hash=#{h} sym=#{:s} float=#{1e20} #{1.0} #{2.50}"
puts "nested #{"#{"#{1}"}"}"
puts "#{1}#{2}" "#{3}"
