# expect: NoMethodError at line 5
class Proxy
  def method_missing(name, *args)
    return "handled #{name}" if name.to_s.start_with?("handle_")
    super
  end
end
puts Proxy.new.handle_this
Proxy.new.other_thing
