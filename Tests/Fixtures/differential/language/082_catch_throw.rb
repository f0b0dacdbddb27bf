r = catch(:done) do
  10.times { |i| throw :done, i * 100 if i == 3 }
  :never
end
p r
p catch(:x) { 42 }
