# An independent reader of a cookbook version on a Chef server, for the tests: the version
# fetched with a request signed by Ruby's Mixlib::Authentication, then every file it lists
# fetched from the URL the server gives, with Net::HTTP. Prints one JSON object:
#   {"status": 200, "version": {...}, "files": {"PATH": {"checksum": "...", "md5": "...", "base64": "..."}}}
# where "checksum" is the record's and "md5" the digest of the bytes that came back.
#   ruby read_cookbook_with_ruby.rb SERVER_URL USER KEY_FILE NAME VERSION
require 'base64'
require 'digest'
require 'json'
require 'net/http'
require 'openssl'
require 'time'
require 'uri'
require 'mixlib/authentication/signedheaderauth'

server, user, key_file, name, version = ARGV
key = OpenSSL::PKey::RSA.new(File.read(key_file))

def signed_get(uri, user, key)
  headers = Mixlib::Authentication::SignedHeaderAuth.signing_object(
    http_method: 'get', path: uri.path, body: '', timestamp: Time.now.utc.iso8601,
    user_id: user, proto_version: '1.1', headers: { 'X-Ops-Server-API-Version' => '1' }).sign(key)
  request = Net::HTTP::Get.new(uri.request_uri)
  headers.each { |header, value| request[header.to_s] = value }
  request['X-Ops-Server-API-Version'] = '1'
  request['Accept'] = 'application/json'
  Net::HTTP.start(uri.host, uri.port, open_timeout: 10, read_timeout: 30) { |http| http.request(request) }
end

base = server.end_with?('/') ? server : server + '/'
response = signed_get(URI.join(base, "cookbooks/#{name}/#{version}"), user, key)
unless response.code == '200'
  puts JSON.generate('status' => response.code.to_i, 'body' => response.body)
  exit
end
document = JSON.parse(response.body)
files = {}
%w[resources providers recipes definitions libraries attributes files templates root_files].each do |segment|
  (document[segment] || []).each do |record|
    bytes = signed_get(URI(record['url']), user, key).body.b
    files[record['path']] = { 'checksum' => record['checksum'], 'md5' => Digest::MD5.hexdigest(bytes),
                              'base64' => Base64.strict_encode64(bytes), 'segment' => segment, 'name' => record['name'],
                              'specificity' => record['specificity'] }
  end
end
puts JSON.generate('status' => 200, 'version' => document, 'files' => files)
