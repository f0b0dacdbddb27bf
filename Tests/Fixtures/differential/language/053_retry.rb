attempts = 0
begin
  attempts += 1
  raise "flaky" if attempts < 3
  puts "succeeded after #{attempts}"
rescue
  puts "retrying #{attempts}"
  retry
ensure
  puts "ensure once"
end
