class Registry
  @items = []
  def self.add(x) = (@items << x; self)
  def self.items = @items
end
class Registry
  def self.count = @items.size
  class << self
    def clear = @items.clear
    def first = @items.first
  end
end
Registry.add(:a).add(:b)
p Registry.items, Registry.count, Registry.first
Registry.clear
p Registry.count
