# expect: exit status 1 with the message on stderr
puts "about to abort"
abort "fatal: cannot continue"
