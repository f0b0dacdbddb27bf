def cfg(name, options = {}) = "#{name} #{options.inspect}"
puts cfg("a", size: 1, color: "red")
puts cfg "b", :x => 1
puts cfg("c")
