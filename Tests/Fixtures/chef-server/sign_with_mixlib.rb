# The reference signer: reads signing cases (JSON) on stdin and prints, per case, the
# headers Ruby's Mixlib::Authentication makes, as JSON.
require 'openssl'  # before mixlib, which otherwise trips over Digest in Ruby 3.1
require 'json'
require 'mixlib/authentication/signedheaderauth'

cases = JSON.parse($stdin.read)
out = cases.map do |c|
  key = OpenSSL::PKey::RSA.new(File.read(c['key_path']))
  signer = Mixlib::Authentication::SignedHeaderAuth.signing_object(
    http_method: c['method'], path: c['path'], body: c['body'], timestamp: c['timestamp'],
    user_id: c['user_id'], proto_version: c['version'],
    headers: { 'X-Ops-Server-API-Version' => c['api_version'] })
  signer.sign(key).map { |name, value| [name.to_s, value] }
end
puts JSON.generate(out)
