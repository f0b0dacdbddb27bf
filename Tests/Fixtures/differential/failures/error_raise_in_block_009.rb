# expect: RuntimeError at line 5
def each_host
  %w[a b c].each do |h|
    puts h
    raise "boom at #{h}" if h == "b"
  end
end
each_host
