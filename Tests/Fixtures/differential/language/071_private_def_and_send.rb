class Tool
  private def helper = :helped
  def call_helper = helper
  private_class_method def self.build = new
  def self.make = build
end
p Tool.new.call_helper, Tool.make.class, Tool.new.send(:helper)
begin
  Tool.build
rescue NoMethodError => e
  p e.message[0, 40]
end
p Tool.private_method_defined?(:helper), Tool.public_method_defined?(:call_helper)
