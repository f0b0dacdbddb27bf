/// infrataster in Ruby, as spec files use it: servers (defined, or the Chef server's nodes),
/// the resources `http`, `command` and `pgsql_query` as described objects (`describe
/// http('http://app')` names the group as infrataster does) with `response`, `result` and
/// `results` inside examples, and sous's load, heartbeat and fault helpers. The work is done
/// by natives on the Swift side (`Infrataster.__...`).
enum InfratasterSource {
    static let path = "<internal:infrataster>"
    static let source = #"""
module Infrataster
  class Error < StandardError; end
  class ConnectionError < Error; end

  class Server
    attr_reader :name, :options
    attr_writer :address

    def self.servers = (@servers ||= {})

    # `Infrataster::Server.define(:app, '192.168.0.2', ssh: { user: 'deploy' })`, or with a block setting `server.address`.
    def self.define(name, address = nil, options = {}, &block)
      server = new(name, address, options)
      block&.call(server)
      servers[name.to_sym] = server
    end

    def self.find(name) = servers[name.to_sym] || new(name, nil, {})

    def initialize(name, address = nil, options = {})
      @name = name.to_sym
      @address = address
      @options = options || {}
    end

    def address
      @resolved ||= Infrataster.__server_address(@name.to_s, @address&.to_s, __ssh)
    end

    def __ssh
      (@options[:ssh] || {}).each_with_object({}) do |(key, value), all|
        all[key.to_s] = value.is_a?(Array) ? value.first.to_s : value.to_s
      end
    end

    def __reference = [@name.to_s, @address&.to_s, __ssh]
    def to_s = "server '#{@name}'"
    def inspect = to_s

    def http(url, options = {}) = Resources::Http.new(url, options).perform(self)
    def command(text) = Resources::Command.new(text).perform(self)
    def pgsql_query(sql, options = {}) = Resources::PgsqlQuery.new(sql, options).perform(self)
  end

  # A header hash as Faraday's: any case finds a header.
  class Headers
    include Enumerable

    def initialize(pairs)
      @pairs = pairs
    end

    def [](name) = @pairs.reverse_each.find { |key, _| key.casecmp?(name.to_s) }&.last
    def fetch(name, *default) = key?(name) ? self[name] : (default.empty? ? raise(KeyError, "key not found: #{name.inspect}") : default.first)
    def key?(name) = @pairs.any? { |key, _| key.casecmp?(name.to_s) }
    alias include? key?
    alias has_key? key?
    def each(&block) = @pairs.each(&block)
    def keys = @pairs.map(&:first)
    def to_h = @pairs.to_h
    def inspect = to_h.inspect
    def to_s = inspect
  end

  class Response
    attr_reader :status, :reason_phrase, :headers, :body, :elapsed, :url

    def initialize(url, status, reason, headers, body, elapsed)
      @url = url
      @status = status
      @reason_phrase = reason
      @headers = Headers.new(headers)
      @body = body
      @elapsed = elapsed
    end

    alias header headers
    def success? = status >= 200 && status < 300
    def finished? = true
    def inspect = "#<Infrataster::Response #{status} #{url}>"
  end

  class CommandResult
    attr_reader :stdout, :stderr, :exit_status

    def initialize(stdout, stderr, exit_status)
      @stdout = stdout
      @stderr = stderr
      @exit_status = exit_status
    end

    alias exitstatus exit_status
    def success? = exit_status == 0
    def inspect = "#<Infrataster::CommandResult exit_status=#{exit_status}>"
  end

  module Resources
    class Http
      attr_reader :url, :options

      def initialize(url, options = {})
        @url = url.to_s
        @options = options || {}
        match = @url.match(%r{\A(https?)://([^/:?#]+|\[[^\]]+\])(?::(\d+))?([^?#]*)(?:\?([^#]*))?})
        raise ArgumentError, "http(#{@url.inspect}): not an http:// URL" unless match
        @scheme = match[1]
        raise ArgumentError, "http(#{@url.inspect}): sous verify speaks plain HTTP; https is not supported" if @scheme == "https"
        @host = match[2]
        @port = (match[3] || 80).to_i
        @path = match[4].to_s.empty? ? "/" : match[4]
      end

      attr_reader :host, :port, :path

      def to_s
        shown = { params: {}, method: :get, headers: {} }
        @options.each { |key, value| shown[key] = value }
        "http '#{@url}' with #{shown.inspect}"
      end
      alias inspect to_s

      def method_name = (@options[:method] || :get).to_s.upcase

      # The path and the query from params (a query in the URL itself is dropped, as infrataster does).
      def target
        params = @options[:params] || {}
        return @path if params.empty?
        @path + "?" + params.map { |key, value| "#{Infrataster.__escape(key.to_s)}=#{Infrataster.__escape(value.to_s)}" }.join("&")
      end

      def headers
        headers = (@options[:headers] || {}).map { |key, value| [key.to_s, value.to_s] }
        if (auth = @options[:basic_auth])
          headers << ["Authorization", "Basic " + [auth.join(":")].pack("m0")]
        end
        headers
      end

      def body = @options[:body].to_s

      # The server the request goes to: the one given, else a server named as the URL's host, else the host itself.
      def address_for(server)
        return server.address if server
        named = Infrataster::Server.servers[@host.to_sym]
        return named.address if named
        Infrataster.__server_address(@host, nil, {}, true)
      end

      def wire(server)
        host_header = server && server.options.dig(:http, :host) ? server.options.dig(:http, :host) : @host
        [address_for(server), @port, method_name, target, host_header, headers, body]
      end

      def perform(server = nil, timeout: (@options[:timeout] || 10))
        status, reason, pairs, text, elapsed = Infrataster.__http(*wire(server), timeout.to_f)
        Response.new(@url, status, reason, pairs, text, elapsed)
      end
    end

    class Command
      attr_reader :command

      def initialize(command)
        @command = command.to_s
      end

      def to_s = "command '#{@command}'"
      alias inspect to_s

      def perform(server)
        raise ArgumentError, "command(#{@command.inspect}) runs on a server: describe server(:name) around it, or call server(:name).command(...)" unless server
        CommandResult.new(*Infrataster.__command(*server.__reference, @command))
      end
    end

    class PgsqlQuery
      attr_reader :query

      def initialize(query, options = {})
        @query = query.to_s
        @options = options || {}
      end

      def to_s = "pgsql '#{@query}'"
      alias inspect to_s

      def perform(server)
        raise ArgumentError, "pgsql_query(#{@query.inspect}) runs on a server: describe server(:name) around it" unless server
        settings = { user: "postgres", dbname: "" }.merge(server.options[:pgsql] || {}).merge(@options)
        Infrataster.__pgsql(*server.__reference, @query, settings.transform_keys(&:to_s).transform_values(&:to_s))
      end
    end
  end

  class LoadResult
    attr_reader :requests, :failures, :statuses, :errors, :rps, :p50, :p90, :p99, :max, :mean, :duration, :summary

    def initialize(values)
      values.each { |key, value| instance_variable_set(:"@#{key}", value) }
    end

    def inspect = "#<Infrataster::LoadResult requests=#{requests} failures=#{failures} rps=#{rps.round(1)} p99=#{p99}>"
  end

  class HeartbeatResult
    attr_reader :requests, :dropped, :longest_gap, :drops, :statuses, :duration, :summary

    def initialize(values)
      values.each { |key, value| instance_variable_set(:"@#{key}", value) }
    end

    def dropped_requests = drops
    def inspect = "#<Infrataster::HeartbeatResult requests=#{requests} dropped=#{dropped} longest_gap=#{longest_gap}>"
  end

  module Helpers
    def server(name) = Infrataster::Server.find(name)
    def http(url, options = {}) = Infrataster::Resources::Http.new(url, options)
    def command(text) = Infrataster::Resources::Command.new(text)
    def pgsql_query(sql, options = {}) = Infrataster::Resources::PgsqlQuery.new(sql, options)

    # What the enclosing `describe`s name: the innermost server and resource.
    def __described(kind)
      self.class.__ancestry.reverse_each do |group|
        group.__description_args.reverse_each { |arg| return arg if arg.is_a?(kind) }
      end
      nil
    end

    def __described_server = __described(Infrataster::Server)

    def response
      resource = __described(Infrataster::Resources::Http) or raise ArgumentError, "response needs an enclosing describe http('URL')"
      resource.perform(__described_server)
    end

    def result
      resource = __described(Infrataster::Resources::Command) || __described(Infrataster::Resources::PgsqlQuery)
      raise ArgumentError, "result needs an enclosing describe command('...') or pgsql_query('...')" unless resource
      resource.perform(__described_server)
    end

    def results
      resource = __described(Infrataster::Resources::PgsqlQuery) or raise ArgumentError, "results needs an enclosing describe pgsql_query('SQL')"
      resource.perform(__described_server)
    end

    # `load(http('http://lb/'), requests: 2000, concurrency: 16)` or `load(..., duration: 10, rate: 200)`.
    def load(resource = nil, requests: nil, concurrency: nil, duration: nil, rate: nil, timeout: 5)
      resource ||= __described(Infrataster::Resources::Http)
      raise ArgumentError, "load needs an http(...) resource" unless resource.is_a?(Infrataster::Resources::Http)
      if requests.nil? == (duration.nil? || rate.nil?)
        raise ArgumentError, "load takes requests: N (and concurrency: C), or duration: SECONDS and rate: PER_SECOND"
      end
      values = Infrataster.__load(*resource.wire(__described_server), requests.to_i, (concurrency || 16).to_i, duration.to_f, rate.to_f, timeout.to_f)
      Infrataster::LoadResult.new(values)
    end

    # `heartbeat(http('http://lb/'), requests: 1000, interval: 0.005) { fault(:kill, server(:web1), at: 0.5) }`.
    def heartbeat(resource = nil, requests: 100, interval: 0.01, timeout: 2, &block)
      resource ||= __described(Infrataster::Resources::Http)
      raise ArgumentError, "heartbeat needs an http(...) resource" unless resource.is_a?(Infrataster::Resources::Http)
      @__faults = []
      block&.call
      faults = @__faults
      @__faults = nil
      values = Infrataster.__heartbeat(*resource.wire(__described_server), requests.to_i, interval.to_f, timeout.to_f, faults)
      Infrataster::HeartbeatResult.new(values)
    end

    def fault(kind, target, at: 0.5)
      raise ArgumentError, "fault belongs inside a heartbeat block" unless @__faults
      raise ArgumentError, "fault(#{kind.inspect}, ...): the kind is :kill, :partition or :stop" unless %i[kill partition stop].include?(kind)
      raise ArgumentError, "fault(:#{kind}, ...): at: is a fraction of the requests, from 0 to 1" unless at.is_a?(Numeric) && at >= 0 && at <= 1
      target = Infrataster::Server.find(target) unless target.is_a?(Infrataster::Server)
      @__faults << [kind.to_s, *target.__reference, at.to_f]
      nil
    end
  end
end

class RSpec::Core::ExampleGroup
  include Infrataster::Helpers

  class << self
    def server(name) = Infrataster::Server.find(name)
    def http(url, options = {}) = Infrataster::Resources::Http.new(url, options)
    def command(text) = Infrataster::Resources::Command.new(text)
    def pgsql_query(sql, options = {}) = Infrataster::Resources::PgsqlQuery.new(sql, options)
  end
end

module Kernel
  private

  def server(name) = Infrataster::Server.find(name)
end
"""#
}
