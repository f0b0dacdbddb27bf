class Resource
  attr_reader :props
  def initialize = @props = {}
  def method_missing(name, *args)
    return super if args.empty?
    @props[name] = args.size == 1 ? args.first : args
  end
  def respond_to_missing?(*) = true
end
outer = "from recipe"
r = Resource.new
r.instance_eval do
  owner "root"
  mode "0644"
  content outer
  notifies :restart, "service[nginx]"
end
p r.props
