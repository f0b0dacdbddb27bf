def describe(x)
  case x
  when Integer, Float then "number #{x}"
  when String then "string #{x.inspect}"
  when Symbol then "symbol #{x}"
  when Array then "array of #{x.size}"
  when Hash then "hash with #{x.keys.join(',')}"
  when nil then "nil"
  when true, false then "bool #{x}"
  when Proc then "proc"
  else "other #{x.class}"
  end
end
[1, 2.5, "s", :y, [1], { a: 1 }, nil, false, -> {}, 1..2].each { |v| puts describe(v) }
