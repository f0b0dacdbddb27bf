# expect: NoMethodError at line 4
def shout(name)
  puts "shouting"
  name.upcase
end
shout("ok")
shout(nil)
