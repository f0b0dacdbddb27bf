# The example recipe: `make demo` runs it with `sous apply`.
#
# It declares no resources yet; it plans a small cluster in plain Ruby and prints the plan,
# the way a provisioning recipe computes its machines before declaring them.

cluster = {
  name: 'hello',
  web:  { count: 3, memory_mb: 512, tags: %w[web frontend] },
  db:   { count: 1, memory_mb: 2048, tags: %w[db] },
}

Machine = Struct.new(:name, :role, :memory_mb, :tags) do
  def to_s
    format('%-12s %-4s %6d MB  %s', name, role, memory_mb, tags.join(','))
  end
end

machines = %i[web db].flat_map do |role|
  spec = cluster.fetch(role)
  (1..spec[:count]).map do |i|
    Machine.new("#{cluster[:name]}-#{role}#{i}", role, spec[:memory_mb], spec[:tags])
  end
end

puts "Cluster #{cluster[:name]}: #{machines.size} machines"
machines.each { |machine| puts "  #{machine}" }

total = machines.sum(&:memory_mb)
puts "Memory: #{total} MB (#{(total / 1024.0).round(1)} GB)"
puts "Roles: #{machines.group_by(&:role).transform_values(&:count).inspect}"
