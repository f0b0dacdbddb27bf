# How the time of each operation grows with its input: each runs on inputs of size n and 4n
# (best of three runs each), and prints the ratio of the two times. A linear operation gives
# about 4; a quadratic one 16. The test (ComplexityTests) allows at most 8. Times under 2 ms
# count as 2 ms, so that an operation too quick to measure cannot fail by noise.
#   GROWTH_N=20000 sous apply growth.rb
N = (ENV['GROWTH_N'] || 20_000).to_i

def clock
  Process.clock_gettime(Process::CLOCK_MONOTONIC)
end

def best(size, operation)
  input = operation[:make].call(size)
  Array.new(3) do
    copy = input.respond_to?(:dup) && !input.is_a?(Integer) ? input.dup : input
    started = clock
    operation[:run].call(copy, size)
    clock - started
  end.min
end

def op(make, &run)
  { make: make, run: run }
end

text = ->(n) { "alpha beta 1234 gamma\n" * (n / 5) }
lines = ->(n) { "x\n" * n }
list = ->(n) { (1..n).to_a }
pairs = ->(n) { (1..n).to_h { |i| ["key#{i}", i] } }

CASES = {
  'parse a line of statements' => op(->(n) { 'x = 1; ' * n }) { |code, _| eval(code) },
  'parse an array literal on one line' => op(->(n) { '[' + (1..n).to_a.join(', ') + ']' }) { |code, _| eval(code) },
  'String#scan' => op(lines) { |s, _| s.scan(/x+/) },
  'String#gsub' => op(text) { |s, _| s.gsub(/a(\w)/) { $1 } },
  'String#sub at the end' => op(text) { |s, _| s.sub(/gamma\n\z/, 'end') },
  'String#split' => op(text) { |s, _| s.split(/\s+/) },
  'String#each_line' => op(lines) { |s, _| s.each_line { |l| l } },
  'String#index in a loop' => op(lines) { |s, n| i = 0; j = 0; while (j = s.index("x", j)); i += 1; j += 1; end },
  'String#[] in a loop' => op(lines) { |s, n| i = 0; (2 * n).times { |k| i += 1 if s[k] == "x" } },
  'String#=~ at the end' => op(text) { |s, _| s =~ /gamma\n\z/ },
  'String#count, #tr, #upcase' => op(text) { |s, _| s.count("a"); s.tr("a", "b"); s.upcase },
  'String#<< in a loop' => op(->(n) { n }) { |n, _| s = +""; n.times { s << "ab" } },
  'String#chars, #reverse' => op(text) { |s, _| s.chars.size; s.reverse },
  'Array#push and #pop' => op(->(n) { n }) { |n, _| a = []; n.times { |i| a.push(i) }; n.times { a.pop } },
  'Array#shift as a queue' => op(list) { |a, _| a.push(0); until a.empty?; a.first; a.shift; end },
  'Array#unshift and #shift' => op(->(n) { n }) { |n, _| a = []; n.times { |i| a.unshift(i) }; a.size; a.shift(n / 2); a[0] },
  'Array#sort, #sort_by' => op(list) { |a, _| a.reverse.sort; a.sort_by { |x| -x } },
  'Array#uniq, #include?, #index' => op(list) { |a, _| (a + a).uniq; a.include?(-1); a.index(-1) },
  'Array#flatten, #join, #zip' => op(list) { |a, _| a.map { |x| [x, [x]] }.flatten; a.join(","); a.zip(a) },
  'Array#map, #select, #reduce' => op(list) { |a, _| a.map { |x| x + 1 }.select(&:even?).reduce(0, :+) },
  'Array#-, #&, #|' => op(list) { |a, _| a - a; a & a; a | a },
  'Array#delete, #delete_if, #compact' => op(list) { |a, _| (a + a).delete(5); a.delete_if(&:odd?); (a + [nil] * a.size).compact },
  'Array#each_slice, #each_with_index' => op(list) { |a, _| a.each_slice(10).to_a; a.each_with_index { |x, i| x + i } },
  'Hash#[]= and #[]' => op(->(n) { n }) { |n, _| h = {}; n.times { |i| h["k#{i}"] = i }; n.times { |i| h["k#{i}"] } },
  'Hash#delete in a loop' => op(pairs) { |h, n| (1..n).each { |i| h.delete("key#{i}") } },
  'Hash#merge, #select, #transform_values' => op(pairs) { |h, _| h.merge(h); h.select { |_, v| v.odd? }; h.transform_values { |v| v + 1 } },
  'Hash#keys, #values, #to_a, #sort_by' => op(pairs) { |h, _| h.keys; h.values; h.to_a; h.sort_by { |k, v| -v } },
  'Regexp#match from offsets' => op(lines) { |s, n| (0...n).step(50) { |i| /x/.match(s, i) } },
}

# A ratio over 6 is measured again, up to three times, and the lowest kept: another
# process taking the CPU can slow one run, but not make a linear operation quadratic.
CASES.each do |name, operation|
  attempts = 0
  ratio = small = large = nil
  loop do
    attempts += 1
    small = best(N, operation)
    large = best(4 * N, operation)
    measured = [large, 0.002].max / [small, 0.002].max
    ratio = ratio ? [ratio, measured].min : measured
    break if ratio <= 6 || attempts == 3
  end
  puts format('%-40s %6.2f  (%.4f s, %.4f s)', name, ratio, small, large)
end
