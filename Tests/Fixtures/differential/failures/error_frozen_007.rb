# expect: FrozenError at line 4
NAME = "web".freeze
puts NAME
NAME << "01"
