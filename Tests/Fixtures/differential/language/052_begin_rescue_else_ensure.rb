def run(x)
  begin
    raise ArgumentError, "bad" if x == 1
    raise TypeError, "type" if x == 2
    puts "no error"
  rescue ArgumentError => e
    puts "rescued #{e.message}"
  rescue TypeError, NameError => e
    puts "multi #{e.class}"
  else
    puts "else ran"
  ensure
    puts "ensure ran"
  end
end
run(0); run(1); run(2)
