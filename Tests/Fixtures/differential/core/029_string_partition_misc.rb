p "key=value=x".partition("="), "key=value=x".rpartition("="), "none".partition("=")
p "a.b.c".split(".").last, "CamelCaseName".gsub(/([A-Z])/) { "_" + $1.downcase }.sub(/^_/, "")
p "snake_case_name".split("_").map(&:capitalize).join
p "%s" % "x", "ab" "cd", "abc".each_char.to_a
p "hello world".each_char.select { |c| "aeiou".include?(c) }.size
