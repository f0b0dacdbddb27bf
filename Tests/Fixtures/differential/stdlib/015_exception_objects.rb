begin
  raise ArgumentError, "bad value"
rescue => e
  p e, e.inspect, e.message, e.to_s, e.class.name, e.backtrace.is_a?(Array), e.full_message.class
end
e = RuntimeError.new("made")
p e.message, e.backtrace
p (raise "x" rescue $!.class)
begin
  raise IOError
rescue => err
  p err.message
end
