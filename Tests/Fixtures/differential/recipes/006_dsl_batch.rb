require_relative '../../differential-libraries/machine_stub'

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
