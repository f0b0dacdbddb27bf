# expect: ArgumentError at line 2
def machine(name:, driver:) = "#{name} via #{driver}"
puts machine(name: "a", driver: "ssh")
machine(name: "b")
