# Variables an eval makes stay with the binding it ran in, for that binding's later evals;
# an eval without a binding keeps nothing.
eval("made_here = 1")
p((eval("made_here") rescue "NameError"))
b = binding
eval("kept = 2", b)
p eval("kept", b)
p eval("kept + 1", b)
other = binding
p((eval("kept", other) rescue "NameError"))
b.local_variable_set(:set_later, 5)
p b.local_variable_get(:set_later)
p b.local_variable_defined?(:set_later)
p b.local_variables.sort
outer = 1
eval("outer += 41")
p outer
def scoped
  inside = 7
  binding
end
inner = scoped
p inner.local_variable_get(:inside)
p inner.eval("inside * 6")
