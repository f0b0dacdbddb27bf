begin
  format("%d", "abc")
rescue ArgumentError => e
  p e.message
end
begin
  format("%d %d", 1)
rescue ArgumentError => e
  p e.message
end
p format("%d", 3.99), format("%d", "12"), format("%f", 1)
