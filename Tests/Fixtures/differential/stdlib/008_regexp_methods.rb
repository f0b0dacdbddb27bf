p Regexp.escape("a.b*c?"), Regexp.union("a", "b.c"), Regexp.union(/x/i, /y/), Regexp.new("a.c").match?("abc")
r = Regexp.new("web\\d+", Regexp::IGNORECASE)
p r.source, r.match?("WEB01"), r.inspect, r.to_s, /a b/x.source, /x/m.options
p "a1b2".match(/\d/, 2)[0], "aaa".match(/a+?/)[0], "<<a>>".match(/<(.+?)>/)[1]
