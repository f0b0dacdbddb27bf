raw = <<~'EOS'
  no #{interpolation} here \n
EOS
print raw
cooked = <<~"EOS"
  yes #{1 + 1} here
EOS
print cooked
