s = "version 1.2.3"
p s =~ /\d/, $~[0], s.match(/(\d+)\.(\d+)/)[1], s.match?(/\d/), s.match(/zz/)
if s =~ /(\d+)\.(\d+)\.(\d+)/
  p [$1, $2, $3].map(&:to_i)
end
m = s.match(/(?<major>\d+)\.(?<minor>\d+)/)
p m[:major], m["minor"], m.names
