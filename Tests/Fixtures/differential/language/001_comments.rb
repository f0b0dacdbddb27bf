# a comment
x = 1 # trailing comment
=begin
puts "inside =begin is ignored"
=end
puts x
puts "# not a comment"
puts '#{not interpolated}'
