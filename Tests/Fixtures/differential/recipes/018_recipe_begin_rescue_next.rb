hosts = %w[web1 db1 cache1 web2]
reachable = []
hosts.each do |h|
  begin
    raise IOError, "#{h} unreachable" if h.start_with?("cache")
    next if h == "db1"
    reachable << h
  rescue IOError => e
    puts "skipping: #{e.message}"
  end
end
p reachable
