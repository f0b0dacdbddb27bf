def guarded(x)
  puts "start #{x}"
  raise "fail" if x
  :ok
rescue => e
  puts "rescue #{e.message}"
  :rescued
else
  puts "else"
  :else_value
ensure
  puts "ensure #{x}"
end
p guarded(true)
p guarded(false)
r = [1, 2].map do |v|
  raise "odd" if v.odd?
  v
rescue
  -v
end
p r
