def classify(name)
  case name
  when /\Aweb-?\d*\z/ then :web
  when /db|database/i then :db
  when /^(cache|redis)/ then :"cache-#{$1}"
  else :unknown
  end
end
p %w[web web-1 DB01 redis-2 other].map { |n| classify(n) }
