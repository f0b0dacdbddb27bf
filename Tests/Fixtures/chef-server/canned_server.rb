# A stand-in for a misbehaving Chef server, for the client's retry and error paths that a
# healthy goiardi never shows: answers each request with the next canned response, one
# request per connection, and logs "METHOD PATH api=VERSION" per request.
#   ruby canned_server.rb PORT_FILE LOG_FILE 'STATUS CONTENT-TYPE BODY' ...
# Exits when every response was given, or after 30 idle seconds.
require 'socket'

port_file, log_file, *responses = ARGV
server = TCPServer.new('127.0.0.1', 0)
File.write(port_file + '.tmp', server.addr[1].to_s)
File.rename(port_file + '.tmp', port_file)
log = File.open(log_file, 'a')
log.sync = true
responses.each do |response|
  break unless IO.select([server], nil, nil, 30)
  client = server.accept
  request_line = client.gets.to_s
  headers = {}
  while (line = client.gets) && line != "\r\n"
    name, value = line.split(':', 2)
    headers[name.downcase] = value.to_s.strip
  end
  client.read(headers['content-length'].to_i) if headers['content-length']
  method, path = request_line.split(' ')
  log.puts "#{method} #{path} api=#{headers['x-ops-server-api-version']}"
  status, type, body = response.split(' ', 3)
  body = body.to_s
  client.write "HTTP/1.1 #{status} Canned\r\nContent-Type: #{type}\r\nContent-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}"
  client.close
end
