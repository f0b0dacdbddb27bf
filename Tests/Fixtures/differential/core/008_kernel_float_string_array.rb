p Float("1.5"), Float("1e3"), Float(2), Float("  3.25 ")
begin
  Float("x")
rescue ArgumentError => e
  p e.message
end
p String(12), String(nil), String(:s), String([1])
p Array(nil), Array([1, 2]), Array(1..3), Array("a"), Array({ a: 1 })
