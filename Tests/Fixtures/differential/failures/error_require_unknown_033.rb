# expect: LoadError at line 3
require 'json'
require 'nokogiri'
puts "never"
