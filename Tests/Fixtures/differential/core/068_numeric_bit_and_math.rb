p Math.sqrt(16), Math::PI.round(5), Math.log(Math::E), Math.log2(8), Math.log10(1000), Math.hypot(3, 4), 2 ** 0.5
p Math.sin(0), Math.cos(0), 10.0.abs, (-7).abs, 7.divmod(-2), 6.lcm(4), 255 & 0x0f, 1 << 10, 0b1010 ^ 0b0110
