# expect: RuntimeError at line 11
# A library sous does not have is a LoadError naming it, as in Ruby (sous adds what it can
# load; Ruby's own uncaught LoadError comes from inside rubygems, so it is compared here by
# its class and the start of its message).
require 'json'
message = begin
  require 'nokogiri'
rescue LoadError => e
  "#{e.class}: #{e.message[/\Acannot load such file -- nokogiri/]}"
end
raise message
puts "never"
