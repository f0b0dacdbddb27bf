[-> { 1 + "a" }, -> { "a" + 1 }, -> { 1 + nil }, -> { [1] + nil }, -> { nil + 1 }, -> { "a" * "b" }].each do |l|
  begin
    l.call
  rescue TypeError, NoMethodError => e
    p [e.class, e.message]
  end
end
p 1 + 1.5, 1.5 + 1, 2 * 2.5, 10 - 0.5
