# expect: NoMethodError at line 4
class Broken
  puts "defining"
  undefined_class_macro :x
end
