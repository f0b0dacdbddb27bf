# Binding, eval in a binding, ERB#result with a binding and result_with_hash.
x = 5
b = binding
p b.local_variable_get(:x)
p eval("x + 1", b)
eval("y = 10", b)
p eval("y * 2", b)
p b.local_variables.sort
b.local_variable_set(:x, 7)
p x
def m(a)
  binding
end
p m(3).local_variable_get(:a)
require 'erb'
p ERB.new("a<%= 1 + 2 %>b").result
p ERB.new("<%= name %>!", trim_mode: '-').result_with_hash(name: "hi")
p eval("self").inspect
p TOPLEVEL_BINDING.class
