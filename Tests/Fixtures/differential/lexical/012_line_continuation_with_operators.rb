sum = 1 +
      2 *
      3
cond = true &&
       !false
str = "a" \
      "b"
arr = [1, 2]
  .map { |v| v + 1 }
p sum, cond, str, arr
value = 5
result = value
  .then { |v| v * 2 }
  .to_s
p result
