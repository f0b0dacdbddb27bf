# The reference for bench/cookbook-sync.sh: cookbook folders uploaded as knife's
# CookbookUploader does it, in plain Ruby with Mixlib::Authentication and Net::HTTP, one
# request after another (sandbox, each file the server lacks, commit, the v0 version
# document). Exits non-zero on any answer that is not a success.
#   ruby upload_cookbooks_with_ruby.rb SERVER_URL USER KEY_FILE COOKBOOK_FOLDER...
require 'digest'
require 'json'
require 'net/http'
require 'openssl'
require 'time'
require 'uri'
require 'mixlib/authentication/signedheaderauth'

server, user, key_file, *folders = ARGV
base = URI(server.end_with?('/') ? server : server + '/')
key = OpenSSL::PKey::RSA.new(File.read(key_file))
http = Net::HTTP.start(base.host, base.port, open_timeout: 10, read_timeout: 60)

define_method(:call) do |method, uri, body = '', content_type = 'application/json', extra = {}|
  headers = Mixlib::Authentication::SignedHeaderAuth.signing_object(
    http_method: method.downcase, path: uri.path, body: body, timestamp: Time.now.utc.iso8601,
    user_id: user, proto_version: '1.1', headers: { 'X-Ops-Server-API-Version' => '1' }).sign(key)
  request = Net::HTTPGenericRequest.new(method, !body.empty?, true, uri.request_uri)
  headers.each { |name, value| request[name.to_s] = value }
  request['X-Ops-Server-API-Version'] = '1'
  request['Accept'] = 'application/json'
  request['Content-Type'] = content_type
  extra.each { |name, value| request[name] = value }
  request.body = body
  response = http.request(request)
  raise "#{method} #{uri}: #{response.code} #{response.body}" unless response.code.start_with?('2')
  response.body.empty? ? {} : JSON.parse(response.body)
end

SEGMENTS = %w[resources providers recipes definitions libraries attributes files templates root_files].freeze
folders.each do |folder|
  metadata = JSON.parse(File.read(File.join(folder, 'metadata.json')))
  name = metadata['name']
  version = metadata['version']
  files = Dir.glob('**/*', base: folder).select { |path| File.file?(File.join(folder, path)) }.sort
  records = files.map do |path|
    bytes = File.binread(File.join(folder, path))
    parts = path.split('/')
    segment = parts.size == 1 ? 'root_files' : parts[0]
    specificity = %w[templates files].include?(segment) ? (parts.size == 2 ? 'root_default' : parts[1]) : 'default'
    { 'segment' => segment, 'name' => parts.last, 'path' => path, 'checksum' => Digest::MD5.hexdigest(bytes),
      'specificity' => specificity, 'bytes' => bytes }
  end
  sandbox = call('POST', URI.join(base, 'sandboxes'), JSON.generate('checksums' => records.to_h { |r| [r['checksum'], nil] }))
  sandbox['checksums'].each do |checksum, answer|
    next unless answer['needs_upload']
    bytes = records.find { |r| r['checksum'] == checksum }['bytes']
    call('PUT', URI(answer['url']), bytes, 'application/x-binary', 'Content-MD5' => Digest::MD5.base64digest(bytes))
  end
  call('PUT', URI.join(base, "sandboxes/#{sandbox['sandbox_id']}"), JSON.generate('is_completed' => true))
  document = { 'name' => "#{name}-#{version}", 'cookbook_name' => name, 'version' => version, 'frozen?' => false,
               'json_class' => 'Chef::CookbookVersion', 'chef_type' => 'cookbook_version',
               'metadata' => metadata }
  SEGMENTS.each do |segment|
    document[segment] = records.select { |r| r['segment'] == segment }.map { |r| r.slice('name', 'path', 'checksum', 'specificity') }
  end
  call('PUT', URI.join(base, "cookbooks/#{name}/#{version}"), JSON.generate(document))
end
