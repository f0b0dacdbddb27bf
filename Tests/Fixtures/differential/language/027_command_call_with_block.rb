def machine(name, &block)
  puts "machine #{name}"
  block.call(name) if block
end
machine 'web' do |n|
  puts "  configuring #{n}"
end
machine 'db'
machine('cache') { |n| puts "  braces #{n}" }
