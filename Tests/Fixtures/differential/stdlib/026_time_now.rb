t = Time.now
p t.is_a?(Time), (Time.now - t).is_a?(Float), Time.now >= t, t.to_i > 1_600_000_000, Time.at(0).utc.year
