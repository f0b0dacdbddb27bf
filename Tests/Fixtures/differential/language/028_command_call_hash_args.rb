def attributes(hash = {}, **opts) = p(hash, opts)
attributes foo: 1, bar: 2
attributes({ foo: 1 })
attributes "k" => "v", sym: :x
def tags(*t) = p(t)
tags 'a', 'b'
tags
