list = %w[a b c d]
list.insert(-2, "X")
p list
list.delete_at(-1)
p list, list.slice(1..2), list.index("X"), list.find_index { |v| v > "b" }
list[1, 2] = []
p list, list.concat(%w[e f]).uniq, list.push.size
