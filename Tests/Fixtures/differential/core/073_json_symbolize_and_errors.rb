require 'json'
p JSON.parse('{"a": {"b": [1, {"c": null}]}}', symbolize_names: true)
["", "{", "[1,]", "{'a': 1}", "nul"].each do |bad|
  begin
    JSON.parse(bad)
    p :parsed
  rescue JSON::ParserError
    p [:error, bad]
  end
end
