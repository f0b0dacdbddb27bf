a = [[1, [2, 3]], { k: [4] }]
p a.dig(0, 1, 0), a.dig(1, :k, 0), a.dig(5, 0)
b = [10, 20, 30]
p b.fetch(1), b.fetch(-1), b.fetch(10, :default), b.fetch(10) { |i| i * 2 }
begin
  b.fetch(10)
rescue IndexError => e
  p e.message
end
p b.values_at(0, 2, 5), b.values_at(0..1)
