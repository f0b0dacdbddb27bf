# expect: NoMethodError at line 7
begin
  raise "first"
rescue => e
  puts "rescued #{e.message}"
end
nil.each { }
