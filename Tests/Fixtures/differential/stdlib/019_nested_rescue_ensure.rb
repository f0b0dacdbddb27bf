log = []
begin
  begin
    log << :inner_start
    raise "inner"
  rescue => e
    log << :inner_rescue
    raise ArgumentError, "from rescue"
  ensure
    log << :inner_ensure
  end
rescue ArgumentError => e
  log << :outer_rescue
ensure
  log << :outer_ensure
end
p log
