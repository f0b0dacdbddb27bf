puts "before end"
p [1, 2].sum
__END__
this is not code {{{ ]]]
puts "never"
