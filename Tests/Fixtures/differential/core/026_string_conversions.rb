p "42".to_i, "42abc".to_i, "abc".to_i, "ff".to_i(16), "1010".to_i(2), " 12 ".to_i, "-3".to_i
p "3.7".to_f, "1e3".to_f, "x".to_f, "1.5abc".to_f
p "sym".to_sym, "a b".to_sym, 12.to_s, "s".to_s, "s".to_str
p "a".ord, 97.chr, "ABC".sum rescue p $!
p "0x1f".hex, "777".oct, "z".hex
