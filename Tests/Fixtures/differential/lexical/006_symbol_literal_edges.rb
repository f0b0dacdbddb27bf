p :foo?, :bar!, :baz=, :"quoted sym", :'single', %s{percent}, :<<, :!, :[]=, :**, :-@, :+@ rescue p $!
h = { "key with space": 1, 'single': 2, if: 3, nil: 4, self: 5 }
p h
