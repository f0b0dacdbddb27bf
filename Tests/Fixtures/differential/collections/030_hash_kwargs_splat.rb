def connect(host:, port: 22, **rest) = "#{host}:#{port} #{rest}"
opts = { host: "h1", port: 2222 }
p connect(**opts), connect(**opts, user: "root"), connect(host: "h2")
def takes_hash(h) = h
p takes_hash(a: 1, b: 2), takes_hash({ c: 3 })
def both(pos, **kw) = [pos, kw]
p both({ x: 1 }), both(1, y: 2)
