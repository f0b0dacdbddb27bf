p 10.to_f / 4, 10 / 4, 10.0.to_i / 4
p 3.7 % 1, -3.7.round, 3.14159.floor(2), 3.14159.ceil(3), 10.fdiv(3).round(3), 1e3.to_i, 2.5e-3 * 1000
p 100.digits.reverse.join.to_i, 255.to_s(16).rjust(4, "0"), "%.3e" % 123456, 12.5.to_s, 12.0.to_s, -0.5.abs
