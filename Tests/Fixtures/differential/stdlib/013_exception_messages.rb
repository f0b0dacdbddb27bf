tests = {
  "nil method" => -> { nil.upcase },
  "int method" => -> { 1.foo },
  "undefined local" => -> { zz },
  "arity" => -> { ->(a, b) {}.call(1) },
  "missing kw" => -> { ->(a:, b:) {}.call(a: 1) },
  "unknown kw" => -> { ->(a:) {}.call(a: 1, c: 2) },
  "no implicit" => -> { [1][nil] },
  "coerce nil" => -> { 1 + nil },
  "frozen" => -> { "x".freeze << "y" },
  "key" => -> { {}.fetch(:x) },
  "index" => -> { [].fetch(3) },
  "zero" => -> { 1 / 0 },
  "uninitialized constant" => -> { NoSuchThing },
}
tests.each do |name, l|
  l.call
rescue => e
  puts "#{name}: #{e.class}: #{e.message}"
end
