# expect: IndexError at line 3
list = [1, 2, 3]
list.fetch(10)
