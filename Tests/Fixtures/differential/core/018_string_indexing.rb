s = "abcdefg"
p s[0], s[-1], s[1, 3], s[1..3], s[1...3], s[-3..], s[10], s[2..-2], s[7], s[7, 1], s[8, 1]
p s["cde"], s["xyz"], s[/c.e/], "key=value"[/(\w+)=(\w+)/, 2]
t = "hello"
t[0] = "J"
t[-1..] = "y!"
p t
p s.slice(1, 2), s.chars.first(3)
