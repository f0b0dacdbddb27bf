x = <<~A + <<-B
  #{1 + "s#{2}"}
  A
  b
  B
puts x =~ /a#{x}/i ? :"q r" : ?c
