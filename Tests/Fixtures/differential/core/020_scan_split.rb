p "a1b22c333".scan(/\d+/), "k1=v1;k2=v2".scan(/(\w+)=(\w+)/)
p "a b  c".split, " lead trail ".split, "a,b,,c,,".split(","), "a,b,,c,,".split(",", -1)
p "a,b,c,d".split(",", 2), "a1b2c3".split(/\d/), "a-b_c".split(/([-_])/), "abc".split("")
p "one\ntwo\n".split("\n"), "".split(","), "x".split(/,/)
