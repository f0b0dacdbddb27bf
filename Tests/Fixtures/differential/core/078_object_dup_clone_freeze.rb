orig = { list: [1, 2] }
copy = orig.dup
copy[:list] << 3
copy[:other] = true
p orig, copy
f = "frozen".freeze
p f.dup.frozen?, f.clone.frozen?, f.clone(freeze: false).frozen? rescue p $!.class
