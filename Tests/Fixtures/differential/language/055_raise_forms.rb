class AppError < StandardError; end
[
  -> { raise "plain" },
  -> { raise AppError },
  -> { raise AppError, "with message" },
  -> { raise AppError.new("instance") },
  -> { raise ArgumentError },
].each do |l|
  begin
    l.call
  rescue => e
    p [e.class, e.message]
  end
end
begin
  begin
    raise "inner"
  rescue => e
    raise
  end
rescue => outer
  p outer.message
end
