backends = (1..3).map { |i| "web#{i}" }
config = <<~HAPROXY
  frontend http
    bind *:80
    default_backend web
  backend web
  #{backends.map { |b| "  server #{b} #{b}.internal:8080 check" }.join("\n")}
HAPROXY
print config
