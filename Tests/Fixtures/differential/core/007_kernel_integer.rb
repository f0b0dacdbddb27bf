p Integer("42"), Integer("  42  "), Integer("0x1A"), Integer("0b11"), Integer("0o17"), Integer("1_000"), Integer("-7")
p Integer("ff", 16), Integer("11", 2), Integer(3.99), Integer("0")
["abc", "1.5", "", "12abc"].each do |bad|
  begin
    Integer(bad)
  rescue ArgumentError => e
    p e.message
  end
end
begin
  Integer(nil)
rescue TypeError => e
  p e.message
end
