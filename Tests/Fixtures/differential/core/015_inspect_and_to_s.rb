p 1.inspect, 1.5.to_s, nil.to_s, nil.inspect, :sym.inspect, "q\"uote".inspect
p [nil, true, :a, "s", 1.0].to_s
p({ "k" => :v, 1 => [nil] }.to_s)
p "tab\t".to_s, "é".inspect, "\e[0m".inspect, "\u0001".inspect, "\\".inspect, "\#{x}".inspect, '#{x}'.inspect, "#x".inspect
