# A proxy in front of a real Chef server (goiardi) that fails the way networks and load
# balancers do, for the client's retry paths:
#   drop-reused          the second request on any kept-alive connection is read whole, then
#                        the connection is closed without an answer (a server that timed the
#                        idle connection out just as the client reused it)
#   lost-answer METHOD PATH
#                        the first such request is carried out by the server, but the client
#                        gets 502 Bad Gateway instead of the server's answer
# Logs "METHOD PATH -> STATUS" per request it answers ("dropped" for a dropped one).
#   ruby fault_proxy.rb UPSTREAM_URL PORT_FILE LOG_FILE FAULT [ARGS...]
# Exits after 120 idle seconds.
require 'net/http'
require 'socket'
require 'uri'

upstream_url, port_file, log_file, fault, *fault_args = ARGV
upstream = URI(upstream_url)
server = TCPServer.new('127.0.0.1', 0)
File.write(port_file + '.tmp', server.addr[1].to_s)
File.rename(port_file + '.tmp', port_file)
log = File.open(log_file, 'a')
log.sync = true
lock = Mutex.new
lost_answer_given = false

def read_request(client)
  request_line = client.gets
  return nil unless request_line
  headers = []
  while (line = client.gets) && line != "\r\n"
    name, value = line.split(':', 2)
    headers << [name, value.to_s.strip]
  end
  length = headers.find { |name, _| name.casecmp?('content-length') }&.last.to_i
  body = length > 0 ? client.read(length) : nil
  method, path = request_line.split(' ')
  [method, path, headers, body]
end

def forward(upstream, method, path, headers, body)
  http = Net::HTTP.new(upstream.host, upstream.port)
  request = Net::HTTPGenericRequest.new(method, !body.nil?, method != 'HEAD', path)
  headers.each do |name, value|
    next if %w[host connection content-length expect].include?(name.downcase)
    request[name] = value
  end
  request.body = body if body
  http.request(request)
end

loop do
  break unless IO.select([server], nil, nil, 120)
  client = server.accept
  Thread.new(client) do |connection|
    served = 0
    while (request = read_request(connection))
      method, path, headers, body = request
      served += 1
      if fault == 'drop-reused' && served == 2
        lock.synchronize { log.puts "#{method} #{path} -> dropped" }
        break
      end
      response = forward(upstream, method, path, headers, body)
      status = response.code.to_i
      lose = fault == 'lost-answer' && method == fault_args[0] && path == fault_args[1] &&
             lock.synchronize { !lost_answer_given && (lost_answer_given = true) }
      # Logged before the client has its answer, so a client that finished finds it logged.
      if lose
        payload = '{"error":["bad gateway"]}'
        lock.synchronize { log.puts "#{method} #{path} -> #{status}, answered 502" }
        connection.write "HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: #{payload.bytesize}\r\n\r\n#{payload}"
        next
      end
      payload = response.body.to_s
      lock.synchronize { log.puts "#{method} #{path} -> #{status}" }
      connection.write "HTTP/1.1 #{status} Proxied\r\nContent-Type: #{response['content-type'] || 'application/json'}\r\n" \
                       "Content-Length: #{payload.bytesize}\r\n\r\n#{payload}"
    end
    connection.close
  rescue StandardError => e
    lock.synchronize { log.puts "proxy error: #{e.class}: #{e.message}" }
    connection.close rescue nil
  end
end
