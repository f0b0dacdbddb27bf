def show(label, body, opts = {}) = puts("#{label}: #{body.inspect} #{opts}")
show "a", <<~TXT, mode: "0644"
  content line
TXT
h = { script: <<~SH, user: "root" }
  echo hi
SH
p h
