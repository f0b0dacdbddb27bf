/// `Gem::Version` and `Gem::Requirement`, which cookbooks use to compare versions (`Chef::VERSION`,
/// a package's version, `chef_version` in metadata). Ruby has RubyGems loaded before any
/// program runs; sous loads this the first time a program names `Gem`, so the many that
/// never do never parse it. Comparison follows RubyGems: numeric segments compare as
/// numbers, trailing zeros do not count (`1.0 == 1`), and a letter segment makes a
/// prerelease that sorts before the release (`1.0.a < 1.0`).
enum RubyGemsLibrary {
    static let source = #"""
module Gem
  class Version
    include Comparable

    PATTERN = /[0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?/
    ANCHORED_PATTERN = /\A\s*(#{PATTERN})?\s*\z/

    def self.correct?(version)
      !version.nil? && ANCHORED_PATTERN.match?(version.to_s)
    end

    def self.create(input)
      if input.is_a?(Version) then input
      elsif input.nil? then nil
      else new(input)
      end
    end

    def initialize(version)
      unless self.class.correct?(version)
        raise ArgumentError, "Malformed version number string #{version}"
      end
      version = 0 if version.is_a?(String) && version =~ /\A\s*\Z/
      @version = version.to_s.strip.gsub("-", ".pre.")
      @segments = nil
    end

    def version
      @version
    end
    alias to_s version

    def inspect
      "#<#{self.class} #{version.inspect}>"
    end

    def segments
      _segments.dup
    end

    def prerelease?
      @version =~ /[a-zA-Z]/ ? true : false
    end

    def release
      return self unless prerelease?
      self.class.new(release_segments.join("."))
    end

    def bump
      numbers = release_segments
      numbers.pop if numbers.size > 1
      numbers[-1] = numbers[-1].succ
      self.class.new(numbers.join("."))
    end

    def approximate_recommendation
      numbers = release_segments
      numbers.pop while numbers.size > 2
      numbers.push(0) while numbers.size < 2
      "~> #{numbers.join(".")}"
    end

    def <=>(other)
      return self <=> self.class.new(other) if other.is_a?(String) && self.class.correct?(other)
      return nil unless other.is_a?(Version)
      left = canonical_segments
      right = other.canonical_segments
      return 0 if left == right
      limit = [left.size, right.size].max
      index = 0
      while index < limit
        a = left[index] || 0
        b = right[index] || 0
        index += 1
        next if a == b
        return -1 if a.is_a?(String) && b.is_a?(Numeric)
        return 1 if a.is_a?(Numeric) && b.is_a?(String)
        return a <=> b
      end
      0
    end

    def eql?(other)
      other.is_a?(Version) && @version == other.version
    end

    def hash
      canonical_segments.hash
    end

    def canonical_segments
      numbers = _segments
      first_letter = numbers.index { |s| s.is_a?(String) } || numbers.size
      [numbers[0...first_letter], numbers[first_letter..-1]].map { |part|
        part.reverse.drop_while { |s| s == 0 }.reverse
      }.reduce(:+)
    end

    private

    # The segments up to the last numeric one before any letter segment.
    def release_segments
      numbers = segments
      numbers.pop while numbers.any? { |s| s.is_a?(String) }
      numbers
    end

    def _segments
      @segments ||= @version.scan(/[0-9]+|[a-z]+/i).map { |s| s =~ /\A\d+\z/ ? s.to_i : s }.freeze
    end
  end

  class Requirement
    class BadRequirementError < ArgumentError; end

    OPS = {
      "=" => lambda { |v, r| v == r },
      "!=" => lambda { |v, r| v != r },
      ">" => lambda { |v, r| v > r },
      "<" => lambda { |v, r| v < r },
      ">=" => lambda { |v, r| v >= r },
      "<=" => lambda { |v, r| v <= r },
      "~>" => lambda { |v, r| v >= r && v.release < r.bump },
    }
    PATTERN = /\A\s*(=|!=|>|<|>=|<=|~>)?\s*(#{Version::PATTERN})\s*\z/

    def self.parse(requirement)
      return ["=", requirement] if requirement.is_a?(Version)
      match = PATTERN.match(requirement.to_s)
      raise BadRequirementError, "Illformed requirement [#{requirement.inspect}]" unless match
      [match[1] || "=", Version.new(match[2])]
    end

    def self.create(*inputs)
      return inputs.first if inputs.size == 1 && inputs.first.is_a?(Requirement)
      new(*inputs)
    end

    def self.default
      new(">= 0")
    end

    attr_reader :requirements

    def initialize(*requirements)
      requirements = requirements.flatten.compact.uniq
      @requirements = requirements.empty? ? [[">=", Version.new("0")]] : requirements.map { |r| self.class.parse(r) }
    end

    def satisfied_by?(version)
      raise ArgumentError, "Need a Gem::Version: #{version.inspect}" unless version.is_a?(Version)
      @requirements.all? { |op, required| OPS[op].call(version, required) }
    end
    alias === satisfied_by?
    alias =~ satisfied_by?

    def prerelease?
      @requirements.any? { |_, version| version.prerelease? }
    end

    def as_list
      @requirements.map { |op, version| "#{op} #{version}" }
    end

    def to_s
      as_list.join(", ")
    end

    def inspect
      "#<#{self.class} #{to_s.inspect}>"
    end

    def ==(other)
      other.is_a?(Requirement) && as_list.sort == other.as_list.sort
    end
  end

  class Dependency
    attr_reader :name, :requirement

    def initialize(name, *requirements)
      @name = name
      @requirement = Requirement.create(*requirements)
    end

    def match?(name, version = nil)
      return false unless @name === name
      version.nil? || @requirement.satisfied_by?(Version.create(version))
    end
  end
end
"""#
}
