r = []
[[1, 2], [3, 4]].each { |pair| r << pair }
[[1, 2], [3, 4]].each { |a, b| r << a * b }
[[1, [2, 3]]].each { |a, (b, c)| r << a + b + c }
{ k: :v }.each { |pair| r << pair }
{ k: :v }.map { |k, v| r << "#{k}-#{v}" }
p r
