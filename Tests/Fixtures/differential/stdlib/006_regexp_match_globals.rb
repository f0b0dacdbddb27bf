if "host-42.example.com" =~ /(\w+)-(\d+)/
  p $~[0], $1, $2, $~.pre_match, $~.post_match
end
p "abc" =~ /z/, $~
"x9" =~ /(\d)/
p $1
p "zz".match?(/z/), $1
