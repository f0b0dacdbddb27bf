p 1 == 1.0, 1.eql?(1.0), 1.equal?(1), "a" == "a", "a".eql?("a"), "a".equal?("a")
p [1, 2] == [1, 2], { a: 1 } == { a: 1 }, :a == :a, nil == false
p "a".hash == "a".hash, [1].hash == [1].hash, 1.hash == 1.0.hash
p 1 <=> 2, "b" <=> "a", [1, 2] <=> [1, 3], 1 <=> "a", nil <=> nil
p 1 != 2, !(1 == 1)
