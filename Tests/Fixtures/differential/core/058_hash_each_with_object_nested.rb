pairs = [%w[web a], %w[db b], %w[web c]]
index = pairs.each_with_object(Hash.new { |h, k| h[k] = [] }) { |(role, host), acc| acc[role] << host }
p index, index.keys, index["cache"], index.keys
