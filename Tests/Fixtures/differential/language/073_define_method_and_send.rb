class Settings
  %w[port host user].each do |field|
    define_method(field) { instance_variable_get("@#{field}") }
    define_method("#{field}=") { |v| instance_variable_set("@#{field}", v) }
  end
end
s = Settings.new
s.port = 22
s.send(:host=, "h1")
p s.port, s.host, s.user, Settings.instance_methods(false).sort, Settings.method_defined?(:port)
