p 15.clamp(1, 10), -5.clamp(0, 3), 5.clamp(..3), 12.gcd(18), 4.lcm(6), -5.abs, 5.pred, 5.succ
p 4.even?, 3.odd?, 0.zero?, 5.positive?, -5.negative?, 6.between?(1, 5)
p 6 & 3, 6 | 3, 6 ^ 3, ~6, 1 << 4, 256 >> 2, Integer.sqrt(26), 10.pow(3), 3.pow(4, 5)
p 1.next, 65.chr, 3.14.to_i, 7.to_f, 7.0.to_i, 1_000.to_s.size
