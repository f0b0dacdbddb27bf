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

class Batch
  attr_reader :names
  def initialize = @names = []
  def machines(*n) = @names.concat(n.flatten)
  def machine(n, &blk)
    @names << n
    Object.send(:machine, n, &blk) rescue @names
  end
end
def machine_batch(name = "default", &block)
  b = Batch.new
  b.instance_eval(&block)
  puts "batch #{name}: #{b.names.join(' ')}"
end
machine_batch 'web' do
  machines %w(a b c)
end
machine_batch do
  machines (1..2).map { |i| "web#{i}" }
end
