h = { a: 1, b: { c: { d: 4 } }, "s" => nil }
p h.fetch(:a), h.fetch(:x, 0), h.fetch(:x) { |k| "no #{k}" }, h.dig(:b, :c, :d), h.dig(:b, :x, :d), h.fetch("s")
begin
  h.fetch(:x)
rescue KeyError => e
  p e.message, e.key, e.receiver.size
end
begin
  { "k" => 1 }.fetch("missing")
rescue KeyError => e
  p e.message
end
