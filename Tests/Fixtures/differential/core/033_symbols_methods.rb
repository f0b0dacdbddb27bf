p :abc.to_s, :abc.to_proc.call("x") rescue p $!.class
p :abc.length, :abc.upcase, :b <=> :a, %i[c a b].sort, :abc.start_with?("a"), :a.to_sym
p :"foo bar".inspect, :"9a".inspect, :a?.inspect, :[]=.inspect, :"foo=bar".inspect, :@iv.inspect, :$g.inspect, :A.inspect
p %w[x y].map(&:to_sym), :sym.to_proc.call("str") rescue p $!.class
