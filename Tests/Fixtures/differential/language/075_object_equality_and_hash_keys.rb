class Key
  attr_reader :id
  def initialize(id) = @id = id
  def ==(other) = other.is_a?(Key) && id == other.id
  alias eql? ==
  def hash = id.hash
end
h = { Key.new(1) => "one" }
p h[Key.new(1)], Key.new(1) == Key.new(1), [Key.new(2), Key.new(2)].uniq.size, Key.new(1).equal?(Key.new(1))
