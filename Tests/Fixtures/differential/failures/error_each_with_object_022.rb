# expect: KeyError at line 4
hosts = { web: "10.0.0.1" }
result = %i[web db].each_with_object({}) do |role, acc|
  acc[role] = hosts.fetch(role)
end
p result
