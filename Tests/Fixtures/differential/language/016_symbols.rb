p :a, :"a b", :"x#{1 + 1}", :a?, :b!, :c=, :+, :[], :<=>, :==, :"9a"
p :abc.to_s, "str".to_sym, :abc.length
p %s(sym)
