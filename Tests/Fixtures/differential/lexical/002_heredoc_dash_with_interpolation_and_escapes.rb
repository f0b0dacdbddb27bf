name = "x"
t = <<-EOT
	tab\tand #{name}\n
	EOT
p t
u = <<~'RAW'
  keep \t and #{name}
RAW
p u
