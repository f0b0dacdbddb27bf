# expect: NameError at line 3
puts "looking up"
Chef::Provisioning::NoSuchDriver.new
