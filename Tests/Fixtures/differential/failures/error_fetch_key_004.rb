# expect: KeyError at line 4
config = { "port" => 80 }
puts config.fetch("port")
config.fetch("host")
