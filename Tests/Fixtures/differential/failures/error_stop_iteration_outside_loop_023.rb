# expect: StopIteration at line 3
puts "start"
raise StopIteration, "iteration reached an end"
