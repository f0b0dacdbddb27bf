t = Time.at(1700000000).utc
require "time"
p t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.to_i, t.utc?
puts t.strftime("%Y-%m-%d %H:%M:%S"), t.strftime("%j %a %b %A %B %y %e %I %p %Z %z %s %%"), t.iso8601
puts t, t.inspect rescue p $!
u = Time.utc(2024, 2, 29, 12, 30, 5)
p u.to_i, (u + 60).min, u - 1 < u, u.strftime("%-m/%-d %l:%M"), (u - Time.utc(2024, 2, 29)).class
