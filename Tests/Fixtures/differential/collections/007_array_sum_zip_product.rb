p [1, 2, 3].sum, [1.5, 2.5].sum, [1, 2].sum(10), %w[a b c].sum(""), [[1], [2]].sum([]), [].sum
p [1, 2, 3].zip([4, 5, 6], [7, 8, 9]), [1, 2].zip([3]), [1, 2].product([3, 4]), [1, 2, 3].combination(2).to_a
p [1, 2, 3].each_slice(2).to_a, [1, 2, 3, 4].each_cons(2).to_a, [1, 2, 3].permutation(2).count
