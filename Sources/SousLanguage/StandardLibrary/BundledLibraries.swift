/// Ruby's standard libraries that sous carries as Ruby source, loaded the first time a
/// program requires them (so a program that does not, never parses them).
enum BundledLibraries {
    static let sources: [String: String] = ["ipaddr": IPAddrLibrary.source, "rubygems": RubyGemsLibrary.source]
    /// Libraries Ruby has loaded before a program starts, by the constant that reaches them:
    /// loaded the first time a program names that constant.
    static let preloadedByConstant: [String: String] = ["Gem": "rubygems"]
}

extension Interpreter {
    /// Loads a bundled library once; false when it was loaded already.
    func loadBundled(_ name: String, source: String) throws -> Bool {
        let path = "<internal:\(name)>"
        if loadedFiles.contains(path) { return false }
        loadedFiles.insert(path)
        try evaluate(SourceFile(path: path, text: source), label: "<top (required)>")
        return true
    }

    /// A top-level constant a preloaded library defines (`Gem`), loading the library.
    func preloadedConstant(_ name: String) throws -> Value? {
        guard let library = BundledLibraries.preloadedByConstant[name], let source = BundledLibraries.sources[library] else { return nil }
        _ = try loadBundled(library, source: source)
        return classes.object.constants[name]
    }
}

/// `ipaddr`: IPv4 and IPv6 addresses and networks, as cookbooks use them (parse, compare,
/// `include?`, `mask`, `to_s`, `to_range`-free). IPv6 addresses are kept as eight 16-bit
/// groups, since integers in sous stop at 64 bits.
enum IPAddrLibrary {
    static let source = #"""
class IPAddr
  include Comparable

  class Error < ArgumentError; end
  class InvalidAddressError < Error; end
  class AddressFamilyError < Error; end
  class InvalidPrefixError < InvalidAddressError; end

  attr_reader :family

  def initialize(address = '::', family = nil)
    text = address.to_s
    text, prefix = text.split('/', 2)
    text = text.sub(/%.*\z/, '')
    if text.include?(':')
      @family = :inet6
      @groups = IPAddr.parse_ipv6(text)
      width = 128
    else
      @family = :inet
      @groups = IPAddr.parse_ipv4(text)
      width = 32
    end
    raise InvalidAddressError, "invalid address: #{address}" unless @groups
    bits = prefix.nil? ? width : (prefix =~ /\A\d+\z/ ? prefix.to_i : nil)
    raise InvalidPrefixError, "invalid length: #{address}" if bits.nil? || bits > width
    @prefix = bits
    @groups = IPAddr.apply_mask(@groups, bits, @family)
  end

  def self.parse_ipv4(text)
    parts = text.split('.', -1)
    return nil unless parts.size == 4 && parts.all? { |part| part =~ /\A\d{1,3}\z/ && part.to_i <= 255 }
    parts.map(&:to_i)
  end

  def self.parse_ipv6(text)
    return nil unless text =~ /\A[0-9a-fA-F:.]+\z/
    if text.include?('.')
      head, _, tail = text.rpartition(':')
      v4 = parse_ipv4(tail)
      return nil unless v4
      text = "#{head}:#{format('%x', v4[0] * 256 + v4[1])}:#{format('%x', v4[2] * 256 + v4[3])}"
    end
    halves = text.split('::', -1)
    return nil if halves.size > 2
    left = halves[0].empty? ? [] : halves[0].split(':', -1)
    right = halves.size == 2 ? (halves[1].empty? ? [] : halves[1].split(':', -1)) : []
    return nil unless (left + right).all? { |group| group =~ /\A[0-9a-fA-F]{1,4}\z/ }
    missing = 8 - left.size - right.size
    return nil if (halves.size == 2 && missing < 1) || (halves.size == 1 && missing != 0)
    (left + ['0'] * missing + right).map { |group| group.to_i(16) }
  end

  def self.apply_mask(groups, bits, family)
    size = family == :inet ? 8 : 16
    groups.each_with_index.map do |group, index|
      keep = [[bits - index * size, 0].max, size].min
      group & (((1 << keep) - 1) << (size - keep))
    end
  end

  def ipv4? = @family == :inet
  def ipv6? = @family == :inet6
  def prefix = @prefix
  def loopback? = ipv4? ? @groups[0] == 127 : @groups == [0, 0, 0, 0, 0, 0, 0, 1]
  def private? = ipv4? && (@groups[0] == 10 || (@groups[0] == 172 && (16..31).include?(@groups[1])) || (@groups[0] == 192 && @groups[1] == 168))

  def to_s
    return @groups.join('.') if ipv4?
    hex = @groups.map { |group| group.to_s(16) }
    best_start = nil
    best_length = 0
    index = 0
    while index < 8
      if @groups[index].zero?
        run = index
        run += 1 while run < 8 && @groups[run].zero?
        if run - index > best_length && run - index > 1
          best_start = index
          best_length = run - index
        end
        index = run
      else
        index += 1
      end
    end
    return hex.join(':') unless best_start
    "#{hex[0, best_start].join(':')}::#{hex[(best_start + best_length)..].join(':')}"
  end
  alias to_string to_s

  def inspect = "#<IPAddr: #{ipv4? ? 'IPv4' : 'IPv6'}:#{self}/#{mask_text}>"

  def mask_text
    return IPAddr.apply_mask([255, 255, 255, 255], @prefix, :inet).join('.') if ipv4?
    IPAddr.new("#{IPAddr.new('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff').mask(@prefix)}").to_s
  end

  def mask(bits) = IPAddr.new("#{self}/#{bits}")

  def groups = @groups

  def include?(other)
    other = IPAddr.new(other.to_s) unless other.is_a?(IPAddr)
    return false unless other.family == @family
    IPAddr.apply_mask(other.groups, @prefix, @family) == @groups
  end
  alias === include?

  def ==(other)
    other = IPAddr.new(other.to_s) rescue (return false) unless other.is_a?(IPAddr)
    other.family == @family && other.groups == @groups
  end
  alias eql? ==

  def <=>(other)
    return nil unless other.is_a?(IPAddr) && other.family == @family
    @groups <=> other.groups
  end

  def hash = [@family, @groups].hash
end
"""#
}
