p "HELLO" =~ /hello/i
p "a\nb" =~ /a.b/m
r = /
  (\d+)   # digits
  -
  (\w+)   # word
/x
p r.match("12-ab")[2]
p /a#{1 + 1}b/.source
