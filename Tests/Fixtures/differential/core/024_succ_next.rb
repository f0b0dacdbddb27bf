p "a".succ, "az".succ, "zz".succ, "a9".succ, "Zz".succ, "1.9".succ, "".succ, "-9".succ
p "a".next, ("a".."e").to_a, ("aa".."ad").to_a, ("8".."11").to_a
