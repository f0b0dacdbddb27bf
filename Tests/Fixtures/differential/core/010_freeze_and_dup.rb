s = "abc".freeze
p s.frozen?
d = s.dup
d << "d"
p d, d.frozen?, s
a = [1, [2]].freeze
begin
  a << 3
rescue FrozenError => e
  p e.message
end
h = { k: 1 }.freeze
begin
  h[:j] = 2
rescue => e
  p e.class, e.message
end
p :sym.frozen?, nil.frozen?, 1.frozen?
