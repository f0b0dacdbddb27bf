[[1, [3, 2]], ["b", ["c", "a"]], [2.5, [3.0, 1.0]]].each do |value, (low, high)|
  begin
    p value.clamp(low, high)
  rescue ArgumentError => e
    puts "#{e.class}: #{e.message}"
  end
end
p 5.between?(1, 9), "m".between?("n", "z"), 5.clamp(nil, 3), 5.clamp(7, nil)
