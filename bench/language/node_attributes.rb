# A node's attributes: 10,000 attributes at four precedence levels (default, normal,
# override, automatic) deep-merged as Chef merges them, then read back.
def deep_merge(into, from)
  from.each do |key, value|
    if value.is_a?(Hash) && into[key].is_a?(Hash)
      deep_merge(into[key], value)
    else
      into[key] = value.is_a?(Hash) ? deep_merge({}, value) : value
    end
  end
  into
end

levels = %w[default normal override automatic].each_with_index.map do |level, rank|
  attributes = {}
  2_500.times do |i|
    group = (attributes["group#{i % 50}"] ||= {})
    group["key#{i}"] = { 'value' => "#{level}-#{i}", 'rank' => rank, 'ports' => [i, i + 1] }
  end
  attributes
end
merged = levels.reduce({}) { |node, level| deep_merge(node, level) }
puts merged.size
puts merged['group7'].size
puts merged['group7']['key1007'].inspect
leaves = 0
merged.each_value { |group| group.each_value { |attribute| leaves += attribute.size } }
puts leaves
