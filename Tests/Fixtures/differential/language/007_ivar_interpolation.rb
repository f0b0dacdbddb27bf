class Box
  def initialize
    @name = "box"
    @@kind = "crate"
  end
  def show = "name=#@name kind=#@@kind"
end
$region = "eu"
puts Box.new.show
puts "region=#$region"
