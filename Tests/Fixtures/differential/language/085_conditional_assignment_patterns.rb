config = {}
config[:timeout] ||= 30
config[:timeout] ||= 60
name = nil
name ||= "default"
count = 0
count += 1 if config[:timeout] > 10
result = config.fetch(:missing, nil) || "fallback"
flag = config[:timeout] && config[:timeout] > 20
p config, name, count, result, flag
