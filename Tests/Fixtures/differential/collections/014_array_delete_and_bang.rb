a = [1, 2, 3, 2, 4]
p a.delete(2), a, a.delete(9), a.delete_at(0), a, a.delete_if { |x| x > 3 }, a
b = [1, 2, 3, 4, 5, 6]
b.select! { |x| x > 1 }
b.reject!(&:even?)
p b
c = [1, 2, 3]
c.map! { |x| x * 10 }
c.keep_if { |x| x < 30 }
p c, c.fill(0), Array.new(3).fill { |i| i }, [1, 2, 3].clear
