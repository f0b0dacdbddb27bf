p __LINE__
x = __LINE__
p x
p File.basename(__FILE__, ".rb").end_with?("dunder_line_and_file")
