class Base
  def run(*args, **opts, &blk) = "base #{args} #{opts} #{blk ? blk.call : 'no block'}"
end
class Child < Base
  def run(a, b = 2, **opts, &blk)
    [super, super(a), super(a, &nil), super() { "explicit" }]
  end
end
Child.new.run(1, k: 3) { "given" }.each { |line| puts line }
