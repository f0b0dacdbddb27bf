def deep(n) = deep(n + 1)
begin
  deep(0)
rescue SystemStackError => e
  p e.class, e.message
end
p :survived
