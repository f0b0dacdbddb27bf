# expect: ArgumentError at line 3
begin
  raise ArgumentError, "original"
rescue => e
  puts "logging #{e.message}"
  raise
end
