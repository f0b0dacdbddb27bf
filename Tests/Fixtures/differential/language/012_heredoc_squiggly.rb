name = "db"
text = <<~EOS
  server #{name}
    port 5432

  done
EOS
print text
p text.lines.size
