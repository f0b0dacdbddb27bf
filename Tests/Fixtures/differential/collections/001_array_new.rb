p Array.new(3), Array.new(3, 0), Array.new(3) { |i| i * i }, Array.new(2) { [] }, [nil] * 2, Array(nil)
a = Array.new(2, [])
a[0] << 1
p a
