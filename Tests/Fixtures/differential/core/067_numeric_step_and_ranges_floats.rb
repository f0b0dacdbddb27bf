p 0.step(1, 0.25).to_a, 1.step(2, 0.5).map { |x| x * 2 }, (0.0..1.0).step(0.5).to_a, 10.step(0, -5).to_a
p (1..2).step(0.5).to_a, 1.0.step(by: 0.5, to: 2.0).to_a rescue p $!.class
