x = Integer("nope") rescue -1
p x
y = (raise "boom" rescue "caught")
p y
def risky = raise(ArgumentError, "no")
z = risky rescue $!.message
p z
