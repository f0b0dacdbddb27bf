class Attributes
  def initialize = @data = {}
  def method_missing(name, *args)
    key = name.to_s
    if key.end_with?("=")
      @data[key.chomp("=").to_sym] = args.first
    elsif @data.key?(name)
      @data[name]
    else
      super
    end
  end
  def respond_to_missing?(name, priv = false) = @data.key?(name.to_s.chomp("=").to_sym) || name.to_s.end_with?("=") || super
end
a = Attributes.new
a.port = 80
a.host = "h"
p a.port, a.host, a.respond_to?(:port), a.respond_to?(:zz), a.respond_to?(:zz=)
begin
  a.zz
rescue NoMethodError => e
  p e.name, e.message[0, 22]
end
