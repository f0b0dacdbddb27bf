module Outer
  LIMIT = 10
  module Inner
    def self.limit = LIMIT
    NAME = "inner"
  end
  class Thing
    def limit = LIMIT * 2
  end
end
p Outer::LIMIT, Outer::Inner.limit, Outer::Inner::NAME, Outer::Thing.new.limit, Outer::Inner.name, Outer::Thing.name
module Outer
  module Inner
    def self.again = NAME + "!"
  end
end
p Outer::Inner.again, Outer.constants.sort, defined?(Outer::Nope)
