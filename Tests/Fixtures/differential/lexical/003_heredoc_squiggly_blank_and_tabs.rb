t = <<~EOS

    indented more
  base

EOS
p t
