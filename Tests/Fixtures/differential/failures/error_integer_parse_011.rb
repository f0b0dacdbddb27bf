# expect: ArgumentError at line 3
puts Integer("42")
value = Integer("forty-two")
puts value
