s = <<~EOS.strip.upcase
  shout
EOS
p s
lines = <<~EOS.lines.map(&:chomp)
  a
  b
EOS
p lines
