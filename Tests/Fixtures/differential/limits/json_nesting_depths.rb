# JSON.parse nests 100 levels deep by default, as the json gem does; max_nesting raises or
# lifts the limit.
require 'json'
deep = '[' * 150 + ']' * 150
begin
  JSON.parse(deep)
rescue JSON::ParserError => e
  puts "#{e.class}: #{e.message}"
end
p JSON.parse(deep, max_nesting: 200).flatten
p JSON.parse(deep, max_nesting: false).flatten
begin
  JSON.parse('{"a":{"b":{"c":1}}}', max_nesting: 2)
rescue JSON::NestingError => e
  puts "#{e.class}: #{e.message}"
end
p JSON.parse('{"a":{"b":{"c":1}}}', max_nesting: 3)
