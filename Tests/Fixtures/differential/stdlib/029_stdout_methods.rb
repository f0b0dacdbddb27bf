$stdout.puts "puts"
STDOUT.print "print\n"
n = $stdout.write("write\n")
p n
$stdout << "chained " << "append\n"
$stdout.flush
$stdout.printf("%03d\n", 7)
STDOUT.puts [1, [2]]
p $stdout == STDOUT, $stdout.sync.class rescue p $!.class
