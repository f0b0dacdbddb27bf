# expect: exit status 3, no exception
puts "exiting"
exit 3
puts "never"
