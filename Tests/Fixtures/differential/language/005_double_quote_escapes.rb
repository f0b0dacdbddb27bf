p "tab\tnewline\ncr\rbell\aback\bform\fvtab\vesc\e"
p "nul\0 space\s quote\" backslash\\ hash\#{x}"
p "hex\x41\x7a octal\101\60 unicode\u00e9\u{1F600}\u{41 42}"
p "\u00e9".bytes
puts "a\tb"
