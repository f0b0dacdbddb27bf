begin
  raise "x" unless $1
rescue A, B => e
  retry
ensure
  p %i[a b], 0x1f, 0b10, 1_000, -> (x) { x }.(1)
end
