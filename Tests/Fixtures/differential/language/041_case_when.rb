def kind(x)
  case x
  when 1..5 then "low"
  when 6, 7 then "six or seven"
  when /^web/ then "web server"
  when String, Symbol then "text"
  when Array then "list"
  when nil then "nothing"
  else "other"
  end
end
p [3, 7, "web01", "db", :s, [1], nil, 99].map { |v| kind(v) }
