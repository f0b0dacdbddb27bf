class K
  def class_name = self.class.name
  def end_value = :end
  def if_value = :if
  def self.new_instance = new
end
k = K.new_instance
p k.class_name, k.end_value, k.if_value, k.then { 1 }
p k.respond_to?(:end_value)
