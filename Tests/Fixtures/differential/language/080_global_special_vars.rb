$counter = 0
def incr = $counter += 1
3.times { incr }
p $counter
"ab12" =~ /(\d+)/
p $~[1], $1
p $stdout.class, $PROGRAM_NAME.is_a?(String), $0 == $PROGRAM_NAME
