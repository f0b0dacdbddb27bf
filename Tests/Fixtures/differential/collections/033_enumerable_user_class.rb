class Cluster
  include Enumerable
  def initialize(*machines) = @machines = machines
  def each
    @machines.each { |m| yield m }
    self
  end
end
c = Cluster.new("web2", "db1", "web1")
p c.map(&:upcase), c.select { |m| m.start_with?("web") }, c.sort, c.first, c.first(2), c.include?("db1")
p c.min_by(&:size), c.each_slice(2).to_a, c.to_a, c.reduce { |a, b| a + b }, c.each_with_index.map { |m, i| "#{i}#{m}" }
p c.sort_by { |m| m[-1] }, c.group_by { |m| m[0..1] }, c.count, c.tally, c.entries, c.min, c.max, c.sum("")
p c.each_with_object([]) { |m, a| a << m.size }, c.find { |m| m.end_with?("1") }, c.reject { |m| m =~ /db/ }, c.zip([1, 2, 3])
