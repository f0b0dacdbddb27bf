fib = Hash.new { |memo, n| memo[n] = n < 2 ? n : memo[n - 1] + memo[n - 2] }
p fib[30], fib.size, fib.keys.first(3)
counts = Hash.new(0)
"the quick the lazy the end".split.each { |w| counts[w] += 1 }
p counts.sort_by { |w, c| [-c, w] }.first(2)
