a = 10
b = 2
c = 5
p a / b / c
p a /b
x = 8
p x / 2
p "cab".match?(/ab/)
p "a/b".split(/\//)
words = %w[apple banana]
p words.grep(/an/)
p %r{a/b}.source, %r{A}i.match?("a")
p(/x+/ =~ "yxx")
