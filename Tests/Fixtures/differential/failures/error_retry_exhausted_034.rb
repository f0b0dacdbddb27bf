# expect: RuntimeError at line 5
attempts = 0
begin
  attempts += 1
  raise "still failing after #{attempts}"
rescue
  puts "attempt #{attempts}"
  retry if attempts < 3
  raise
end
