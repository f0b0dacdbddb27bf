class Server
  attr_reader :name
  attr_writer :role
  attr_accessor :port
  def initialize(name, port = 22)
    @name = name
    @port = port
  end
  def role = @role || :none
  def to_s = "#{name}:#{port}(#{role})"
end
s = Server.new("web1")
s.role = :web
s.port += 1
puts s
p s.name, s.port, s.respond_to?(:role=), s.respond_to?(:name=)
