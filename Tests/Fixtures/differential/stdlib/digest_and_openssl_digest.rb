# Digest and OpenSSL::Digest: class methods, incremental objects, base64.
require 'digest'
require 'digest/sha2'
require 'openssl'
p Digest::SHA256.hexdigest('hello'), Digest::MD5.hexdigest('hello'), Digest::SHA1.hexdigest('x')
p Digest::SHA512.hexdigest('abc')[0, 32], OpenSSL::Digest::SHA512.hexdigest('abc')[0, 32]
d = Digest::SHA256.new
d << 'hel'
d.update('lo')
p d.hexdigest, Digest::SHA256.base64digest('hello')
p OpenSSL::Digest.hexdigest('SHA256', 'hello') == Digest::SHA256.hexdigest('hello')
