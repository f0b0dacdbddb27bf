t = Time.utc(2024, 12, 31, 23, 59, 30)
p (t + 45).year, (t + 45).strftime("%Y-%m-%d %H:%M:%S"), (t - 86_400).day, t.yday, t.wday, t.month, (t + 30).to_i - t.to_i
p t < t + 1, [t + 5, t].min == t, t.hour, t.strftime("%H:%M"), Time.utc(2024, 1, 1).strftime("%A %d %B %Y")
