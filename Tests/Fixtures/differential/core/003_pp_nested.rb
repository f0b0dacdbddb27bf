data = { name: "web", tags: ["a", "b"], nested: { port: 80, ssl: false } }
pp data
r = pp [1, 2]
p r
