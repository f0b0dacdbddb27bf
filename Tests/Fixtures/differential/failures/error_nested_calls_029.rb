# expect: NoMethodError at line 3
def level3(x)
  x.fetch(:missing).upcase
end
def level2(x) = level3(x)
def level1(x) = level2(x)
puts level1({ missing: "ok" })
level1({ missing: nil })
