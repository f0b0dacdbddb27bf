# IPAddr (require "ipaddr"), as cookbooks use it: IPv4 and IPv6, networks, include?, comparison.
require 'ipaddr'
a = IPAddr.new('192.168.1.10')
p a.to_s, a.ipv4?, IPAddr.new('192.168.0.0/16').include?(a), a == IPAddr.new('192.168.1.10'), IPAddr.new('127.0.0.0/8').include?(IPAddr.new('127.0.0.1'))
b = IPAddr.new('fe80::1:2')
p b.to_s, b.ipv6?, IPAddr.new('::1') == IPAddr.new('0:0:0:0:0:0:0:1'), IPAddr.new('2001:db8::/32').include?(IPAddr.new('2001:db8:1::5'))
p IPAddr.new('10.1.2.3').mask(8).to_s, IPAddr.new('2001:db8:0:0:1:0:0:1').to_s
p [IPAddr.new('10.0.0.2'), IPAddr.new('10.0.0.1')].sort.map(&:to_s)
begin; IPAddr.new('300.1.1.1'); rescue IPAddr::InvalidAddressError => e; puts e.class; end
