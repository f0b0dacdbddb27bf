p Float::INFINITY, -Float::INFINITY, Float::INFINITY > 10**18, (0.0 / 0.0).to_s
p 1.5.nan?, (1.0 / 0).infinite?, (-1.0 / 0).infinite?, 1.0.infinite?, 1.5.finite?
p 1.5.floor, 1.5.abs, -1.5.abs, 3.0 == 3, 3.0.eql?(3), 0.1 + 0.2 == 0.3, (0.1 + 0.2 - 0.3).abs < Float::EPSILON
p Float::MAX > 1e308, Float::MIN > 0
