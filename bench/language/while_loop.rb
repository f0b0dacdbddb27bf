# A plain while loop: a million iterations of integer arithmetic and comparisons.
i = 0
sum = 0
odd = 0
while i < 1_000_000
  sum += i % 7
  odd += 1 if i.odd?
  i += 1
end
puts sum, odd
