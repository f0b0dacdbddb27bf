p "m".between?("a", "z"), "m".clamp("n", "z"), 5.clamp(1..3), 1.5.clamp(2, 3), [1, 5, 10].map { |x| x.clamp(2, 8) }
