r = [1, 2, 3].map { |x| next x * 100 if x == 2; x }
p r
found = [5, 8, 11].each { |x| break x if x > 6 }
p found
i = 0
res = while i < 10
  i += 1
  break "stopped at #{i}" if i == 4
end
p res
p (1..3).each { }
