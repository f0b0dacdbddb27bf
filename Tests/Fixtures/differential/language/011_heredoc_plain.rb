text = <<EOS
line one
  line two
EOS
print text
other = <<-EOS
    indented terminator
    EOS
print other
