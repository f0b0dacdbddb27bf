class Lazy
  def initialize(&b) = @b = b
  def call = @b.call
end
def lazy(&b) = Lazy.new(&b)
ip = nil
settings = { address: lazy { ip }, port: 80 }
ip = "10.0.0.5"
resolved = settings.transform_values { |v| v.is_a?(Lazy) ? v.call : v }
p resolved
