class Item
  attr_reader :name
  def initialize = @name = "item"
  def empty? = @name.empty?
  def save! = "saved #{@name}"
  def name=(v)
    @name = v
  end
end
i = Item.new
p i.empty?, i.save!
i.name = "renamed"
p i.name
