# expect: RuntimeError at line 6
begin
  puts "body"
ensure
  puts "ensure"
  raise "from ensure"
end
