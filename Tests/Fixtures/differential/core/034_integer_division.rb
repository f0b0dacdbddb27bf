p 7 / 2, -7 / 2, 7 / -2, 7 % 3, -7 % 3, 7 % -3, 7.remainder(-3), -7.remainder(3)
p 7.fdiv(2), 7.divmod(2), -7.divmod(2), 7.5.divmod(2), -7.5.divmod(2)
p 2 ** 10, 2 ** 0, 10.0 ** -1, 4 ** 0.5, (-8) ** 2
begin
  1 / 0
rescue ZeroDivisionError => e
  p e.message
end
p 1.0 / 0, -1.0 / 0, (0.0 / 0).nan?, 1 % 1.5
