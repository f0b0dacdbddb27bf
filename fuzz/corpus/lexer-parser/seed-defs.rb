def f(a, b = 2, *c, d:, e: 3, **f, &g) = a
class A < B::C; def self.x; super; end; end
[1].each { |(a, b), *c, k: 1| a&.b ||= c[1..] }
