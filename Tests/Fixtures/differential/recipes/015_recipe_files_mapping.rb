files = { '/etc/app/app.conf' => '/tmp/app.conf', '/etc/app/keys' => { local_path: '/tmp/keys', mode: '0600' } }
files.each do |remote, local|
  if local.is_a?(Hash)
    puts "#{remote} <- #{local[:local_path]} (mode #{local[:mode]})"
  else
    puts "#{remote} <- #{local}"
  end
end
p files.keys.map { |f| File.basename(f) }, files.values.grep(String)
