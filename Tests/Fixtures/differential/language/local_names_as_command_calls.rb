# A local variable's name followed by an argument is a method call, as Ruby reads it:
# `file "x"` inside a block whose parameter is `file`, `machines machines`.
def file(name)
  "file[#{name}]"
end

def machines(*names)
  "machines #{names.inspect}"
end

%w(a b).each do |file|
  puts file "#{file}.conf"
end
machines = %w(web db)
puts machines machines
count = 3
puts count.to_s
p(count -1)
list = [4, 5]
p(list [1])
p(count *2)
