/// The parts of the core library written in Ruby: they read best in Ruby and are not hot.
enum CorePrelude {
    static let source = #"""
class Encoding
  attr_reader :name
  alias to_s name

  def initialize(name)
    @name = name
  end

  def inspect = "#<Encoding:#{@name}>"

  UTF_8 = new("UTF-8")
  ASCII_8BIT = new("ASCII-8BIT")
  BINARY = ASCII_8BIT
  US_ASCII = new("US-ASCII")

  def self.default_external = UTF_8
  def self.default_internal = nil
end

class String
  # sous strings are always UTF-8.
  def encoding = Encoding::UTF_8
end

class Set
  include Enumerable

  def self.[](*items)
    new(items)
  end

  def initialize(items = nil, &block)
    @hash = {}
    items&.each { |item| add(block ? block.call(item) : item) }
  end

  def add(item)
    @hash[item] = true
    self
  end
  alias << add

  def add?(item)
    return nil if @hash.key?(item)
    add(item)
  end

  def delete(item)
    @hash.delete(item)
    self
  end

  def include?(item)
    @hash.key?(item)
  end
  alias member? include?
  alias === include?

  def each(&block)
    return to_enum(:each) unless block
    @hash.each_key(&block)
    self
  end

  def size
    @hash.size
  end
  alias length size
  alias count_all size

  def empty?
    @hash.empty?
  end

  def to_a
    @hash.keys
  end

  def to_set
    self
  end

  def dup
    Set.new(to_a)
  end

  def |(other)
    Set.new(to_a + other.to_a)
  end
  alias union |
  alias + |

  def &(other)
    Set.new(to_a.select { |item| other.include?(item) })
  end
  alias intersection &

  def -(other)
    Set.new(to_a.reject { |item| other.include?(item) })
  end
  alias difference -

  def ^(other)
    result = Set.new(other)
    each { |item| result.include?(item) ? result.delete(item) : result.add(item) }
    result
  end

  def subset?(other)
    all? { |item| other.include?(item) }
  end
  alias <= subset?

  def superset?(other)
    other.all? { |item| include?(item) }
  end
  alias >= superset?

  def proper_subset?(other)
    subset?(other) && size < other.size
  end

  def disjoint?(other)
    none? { |item| other.include?(item) }
  end

  def intersect?(other)
    !disjoint?(other)
  end

  def merge(items)
    items.each { |item| add(item) }
    self
  end

  def clear
    @hash.clear
    self
  end

  def ==(other)
    other.is_a?(Set) && size == other.size && subset?(other)
  end

  def hash
    to_a.hash
  end

  def eql?(other)
    self == other
  end

  def map!(&block)
    items = to_a.map(&block)
    clear
    merge(items)
  end

  def select!(&block)
    items = to_a.select(&block)
    clear
    merge(items)
  end

  def reject!(&block)
    items = to_a.reject(&block)
    clear
    merge(items)
  end

  def delete_if(&block)
    reject!(&block)
  end

  def inspect
    "#<Set: {#{to_a.map(&:inspect).join(', ')}}>"
  end
  alias to_s inspect
end

module Enumerable
  def to_set
    Set.new(to_a)
  end
end

class Array
  def to_set
    Set.new(self)
  end
end
"""#
}
