VERSION = "1.0"
module App
  VERSION = "2.0"
  def self.versions = [VERSION, ::VERSION]
end
p App.versions, ::App::VERSION, Object::VERSION
class ::TopLevelThing; end
p TopLevelThing.name
