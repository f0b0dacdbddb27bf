puts [1, [2, [3]]]
puts nil
puts
puts [], "after empty"
puts 1, :two, 3.0
puts "already\n"
class Named; def to_s = "named!"; end
puts Named.new
