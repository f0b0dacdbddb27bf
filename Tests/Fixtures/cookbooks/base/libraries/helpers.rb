module BaseHelpers
  def greeting(name) = "hello, #{name}"
end
Chef::DSL::Recipe.send(:include, BaseHelpers)
