matrix = [[1, 2, 3], [4, 5, 6]]
p matrix.map { |row| row.map { |v| v * 10 } }, matrix.flatten.each_slice(2).map(&:sum), matrix.transpose.map(&:sum), matrix.sum(&:sum) rescue p $!
p matrix.map(&:dup).each { |r| r.reverse! }, matrix, matrix.flat_map(&:itself).minmax, matrix.inject(:+)
