# A string right after a method name, with no space, is its argument (`machine'web-box-1'`).
def machine(name) = "machine #{name}"
puts machine'web-box-1'
puts(machine"db-1")
label = machine'c'
puts label
