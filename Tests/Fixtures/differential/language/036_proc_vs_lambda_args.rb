pr = proc { |a, b| "#{a.inspect} #{b.inspect}" }
p pr.call([1, 2]), pr.call(1), pr.call(1, 2, 3)
la = lambda { |a, b| "#{a} #{b}" }
begin
  la.call([1, 2])
rescue ArgumentError => e
  p e.message
end
