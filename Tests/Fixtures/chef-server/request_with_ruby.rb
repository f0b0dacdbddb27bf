# An independent Chef server client for the tests: a request signed by Ruby's
# Mixlib::Authentication, sent with Net::HTTP. Prints the status on the first line and the
# body after it.
#   ruby request_with_ruby.rb SERVER_URL USER KEY_FILE METHOD PATH [PROTOCOL] [BODY_FILE]
require 'openssl'
require 'json'
require 'net/http'
require 'time'
require 'uri'
require 'mixlib/authentication/signedheaderauth'

server, user, key_file, method, path, version, body_file = ARGV
version ||= '1.1'
body = body_file ? File.read(body_file) : ''
uri = URI.join(server.end_with?('/') ? server : server + '/', path.sub(%r{\A/}, ''))
key = OpenSSL::PKey::RSA.new(File.read(key_file))
headers = Mixlib::Authentication::SignedHeaderAuth.signing_object(
  http_method: method.downcase, path: uri.path, body: body, timestamp: Time.now.utc.iso8601,
  user_id: user, proto_version: version, headers: { 'X-Ops-Server-API-Version' => '1' }).sign(key)
request = Net::HTTPGenericRequest.new(method.upcase, !body.empty?, method.upcase != 'HEAD', uri.request_uri)
headers.each { |name, value| request[name.to_s] = value }
request['X-Ops-Server-API-Version'] = '1'
request['Accept'] = 'application/json'
unless body.empty?
  request['Content-Type'] = 'application/json'
  request.body = body
end
response = Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == 'https',
                           verify_mode: OpenSSL::SSL::VERIFY_NONE, open_timeout: 10, read_timeout: 30) do |http|
  http.request(request)
end
puts response.code
puts response.body
