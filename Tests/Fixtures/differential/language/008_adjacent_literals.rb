p "a" "b" 'c'
p "multi" \
  "line"
x = "one" 'two' "three#{1 + 2}"
p x
