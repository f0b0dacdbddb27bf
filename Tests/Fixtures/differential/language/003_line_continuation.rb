total = 1 +
  2 +
  3
p total
word = "con" \
  "catenated"
p word
value = [3, 1, 2]
  .sort
  # a comment between chained calls
  .map { |v| v * 10 }
p value
ok = true &&
  false
p ok
