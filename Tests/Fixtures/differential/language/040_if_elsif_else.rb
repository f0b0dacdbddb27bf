def size(n)
  if n < 10
    "small"
  elsif n < 100
    "medium"
  else
    "large"
  end
end
p size(5), size(50), size(500)
x = if false then 1 end
p x
unless 1 > 2
  puts "unless works"
else
  puts "no"
end
p(if nil then 1 else 2 end)
