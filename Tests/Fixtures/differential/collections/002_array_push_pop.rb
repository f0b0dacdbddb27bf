a = [1, 2]
a.push(3, 4)
a << 5
p a.pop, a.shift, a, a.unshift(0), a.insert(2, :x), a.concat([9], [10])
p a.pop(2), a.shift(2), a
p [].pop, [].shift, [].first, [].last, [].max, [].sum
