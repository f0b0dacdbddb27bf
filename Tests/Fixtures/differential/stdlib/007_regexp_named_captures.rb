m = "2024-02-29".match(/(?<year>\d{4})-(?<month>\d\d)-(?<day>\d\d)/)
p m[:year], m["month"], m[3], m.captures, m.named_captures, m.names, m.to_a, m.begin(0), m.end(:year) rescue p $!
p m.pre_match, m.post_match, m.to_s, m.values_at(1, 3)
if /(?<user>\w+)@(?<domain>[\w.]+)/ =~ "mail: ann@example.org"
  p user, domain
end
