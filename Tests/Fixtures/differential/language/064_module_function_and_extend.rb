module Naming
  module_function
  def slug(s) = s.downcase.gsub(/[^a-z0-9]+/, "-")
end
p Naming.slug("Web Server 01")
module Greets
  def greet = "hi from #{name}"
end
class Team
  extend Greets
  def self.name = "team"
end
p Team.greet
o = Object.new
o.extend(Greets)
def o.name = "object"
p o.greet, o.singleton_class.include?(Greets)
