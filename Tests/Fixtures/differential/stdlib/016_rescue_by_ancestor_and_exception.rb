def attempt
  yield
rescue ArgumentError, TypeError => e
  "arg/type: #{e.class}"
rescue StandardError => e
  "standard: #{e.class}"
end
p attempt { raise KeyError }, attempt { raise TypeError }, attempt { Integer("x") }
begin
  begin
    raise Exception, "base"
  rescue => e
    p :not_here
  end
rescue Exception => e
  p [:outer, e.message]
end
