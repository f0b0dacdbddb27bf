def sq(x) = x * x
def greet(name = "world") = "hello #{name}"
def self.top = :top
p sq(7), greet, greet("sous"), top
