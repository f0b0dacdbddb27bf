# A stand-in for chef-provisioning's machine resource, shared by the recipe-style snippets:
# a block evaluated on a spec object, as the real DSL does.
class MachineSpec
  attr_reader :name, :tags_list, :attrs, :actions
  def initialize(name)
    @name = name
    @tags_list = []
    @attrs = {}
    @actions = [:converge]
  end
  def tag(*t) = @tags_list.concat(t)
  alias tags tag
  def attributes(h = nil, **kw) = @attrs.merge!(h || kw)
  def action(*a) = @actions = a.flatten
  def converge(flag = nil) = flag.nil? ? @converge : (@converge = flag)
  def to_s = "#{name} tags=#{tags_list.inspect} attrs=#{attrs.inspect} actions=#{actions.inspect}"
end
$machines = []
def machine(name, &block)
  spec = MachineSpec.new(name)
  spec.instance_eval(&block) if block
  $machines << spec
  spec
end
