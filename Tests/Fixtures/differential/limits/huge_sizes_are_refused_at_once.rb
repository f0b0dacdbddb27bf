# Sizes no machine can hold are refused before anything is allocated, with Ruby's errors:
# NoMemoryError where Ruby's allocation fails, ArgumentError or IndexError where Ruby
# computes an overflow first.
attempts = {
  'string times 2**40' => -> { "x" * 2**40 },
  'string times 2**62' => -> { "x" * 2**62 },
  'two-byte string times 2**62' => -> { "ab" * 2**62 },
  'center 2**62' => -> { "x".center(2**62) },
  'ljust 2**40' => -> { "x".ljust(2**40) },
  'rjust 2**62 with padding' => -> { "x".rjust(2**62, "ab") },
  'array times 2**40' => -> { [1] * 2**40 },
  'array times 2**62' => -> { [1] * 2**62 },
  'index 2**40' => -> { a = []; a[2**40] = 1 },
  'index 2**62' => -> { a = []; a[2**62] = 1 },
  'Array.new 2**40' => -> { Array.new(2**40) },
  'Array.new 2**62' => -> { Array.new(2**62) },
  'Array.new 2**40 with a value' => -> { Array.new(2**40, 0) },
  'fill 2**40' => -> { [1].fill(0, 0, 2**40) },
  'fill 2**62' => -> { [1].fill(0, 0, 2**62) },
  'first 2**40 of a cycle' => -> { [1, 2].cycle.first(2**40) },
  'format width 2**40' => -> { format("%1099511627776d", 1) },
}
attempts.each do |label, attempt|
  begin
    attempt.call
    puts "#{label}: allocated"
  rescue NoMemoryError, ArgumentError, IndexError => e
    puts "#{label}: #{e.class}: #{e.message}"
  end
end
# Sizes that fit still work.
puts ("ab" * 3).center(10, "*")
a = []
a[5] = :x
p a
p Array.new(3, 0), [0].fill(7, 1, 2)
