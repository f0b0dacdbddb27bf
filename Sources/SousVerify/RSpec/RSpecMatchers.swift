/// rspec-expectations' built-in matchers in Ruby (`eq`, `include`, `raise_error`, `change`,
/// compounds, predicates...), with rspec 3.12's descriptions and failure messages word for
/// word. Loaded after `RSpecExpectationsSource`, whose targets call them.
enum RSpecMatchersSource {
    static let path = "<internal:rspec-matchers>"
    static let source = #"""
module RSpec
  module Matchers
    class << self
      attr_accessor :last_description

      def generated_description
        return nil unless last_description
        negated, matcher = last_description
        "is expected #{negated ? 'not to' : 'to'} #{matcher.description}"
      end
    end

    def self.to_sentence(words)
      words = words.map { |w| RSpec::Support::ObjectFormatter.format(w) }
      case words.length
      when 0 then ""
      when 1 then words[0]
      when 2 then "#{words[0]} and #{words[1]}"
      else "#{words[0..-2].join(', ')}, and #{words[-1]}"
      end
    end

    module BuiltIn
      class BaseMatcher
        attr_reader :actual, :expected

        def initialize(expected = nil)
          @expected = expected
        end

        def matches?(actual)
          @actual = actual
          match(expected, actual)
        end

        def and(other) = Compound::And.new(self, other)
        def or(other) = Compound::Or.new(self, other)
        alias & and
        alias | or

        def fmt(value) = RSpec::Support::ObjectFormatter.format(value)
        def actual_formatted = fmt(@actual)
        def expected_formatted = fmt(@expected)
        def diffable? = false
        def supports_block_expectations? = false
        def expects_call_stack_jump? = false

        def name_words
          self.class.name.split("::").last.gsub(/([a-z])([A-Z])/, '\1_\2').downcase.tr("_", " ")
        end

        def description = "#{name_words} #{expected_formatted}"
        def failure_message = "expected #{actual_formatted} to #{description}"
        def failure_message_when_negated = "expected #{actual_formatted} not to #{description}"
      end

      class Eq < BaseMatcher
        def match(expected, actual) = actual == expected
        def failure_message = "\nexpected: #{expected_formatted}\n     got: #{actual_formatted}\n\n(compared using ==)\n"
        def failure_message_when_negated = "\nexpected: value != #{expected_formatted}\n     got: #{actual_formatted}\n\n(compared using ==)\n"
        def description = "eq #{expected_formatted}"
        def diffable? = true
      end

      class Eql < BaseMatcher
        def match(expected, actual) = actual.eql?(expected)
        def failure_message = "\nexpected: #{expected_formatted}\n     got: #{actual_formatted}\n\n(compared using eql?)\n"
        def failure_message_when_negated = "\nexpected: value != #{expected_formatted}\n     got: #{actual_formatted}\n\n(compared using eql?)\n"
        def description = "eql #{expected_formatted}"
        def diffable? = true
      end

      class Equal < BaseMatcher
        def match(expected, actual) = actual.equal?(expected)
        def description = "equal #{expected_formatted}"

        def failure_message
          if [true, false, nil].include?(expected)
            "\nexpected #{expected_formatted}\n     got #{inspect_object(actual)}\n"
          else
            "\nexpected #{inspect_object(expected)}\n     got #{inspect_object(actual)}\n\n" \
              "Compared using equal?, which compares object identity,\n" \
              "but expected and actual are not the same object. Use\n" \
              "`expect(actual).to eq(expected)` if you don't care about\n" \
              "object identity in this example.\n\n"
          end
        end

        def failure_message_when_negated
          "\nexpected not #{inspect_object(actual)}\n         got #{inspect_object(expected)}\n\nCompared using equal?, which compares object identity.\n"
        end

        def inspect_object(object)
          return fmt(object) if [true, false, nil].include?(object)
          "#<#{object.class.name}:#{object.object_id}> => #{fmt(object)}"
        end

        def diffable? = ![true, false, nil].include?(expected)
      end

      class BeTruthy < BaseMatcher
        def match(_, actual) = !!actual
        def failure_message = "expected: truthy value\n     got: #{actual_formatted}"
        def failure_message_when_negated = "expected: falsey value\n     got: #{actual_formatted}"
        def description = "be truthy"
      end

      class BeFalsey < BaseMatcher
        def match(_, actual) = !actual
        def failure_message = "expected: falsey value\n     got: #{actual_formatted}"
        def failure_message_when_negated = "expected: truthy value\n     got: #{actual_formatted}"
        def description = "be falsey"
      end

      class BeNil < BaseMatcher
        def match(_, actual) = actual.nil?
        def failure_message = "expected: nil\n     got: #{actual_formatted}"
        def failure_message_when_negated = "expected: not nil\n     got: nil"
        def description = "be nil"
      end

      class Be < BaseMatcher
        def initialize(*args)
          @args = args
        end

        def match(_, actual) = !!actual
        def failure_message = "expected #{actual_formatted} to evaluate to true"
        def failure_message_when_negated = "expected #{actual_formatted} to evaluate to false"
        def description = "be"

        [:<, :<=, :>, :>=, :==, :===, :=~].each do |operator|
          define_method(operator) { |operand| BeComparedTo.new(operand, operator) }
        end
      end

      class BeComparedTo < BaseMatcher
        def initialize(operand, operator)
          @expected = operand
          @operator = operator
        end

        def matches?(actual)
          @actual = actual
          actual.__send__(@operator, @expected)
        rescue ArgumentError, NoMethodError
          false
        end

        def failure_message
          "expected: #{@operator} #{expected_formatted}\n     got: #{@operator.to_s.gsub(/./, ' ')} #{actual_formatted}"
        end

        def failure_message_when_negated
          message = "`expect(#{actual_formatted}).not_to be #{@operator} #{expected_formatted}`"
          if [:<, :>, :<=, :>=].include?(@operator)
            message + " not only FAILED, it is a bit confusing."
          else
            message
          end
        end

        def description = "be #{@operator} #{expected_formatted}"
      end

      class BeBetween < BaseMatcher
        def initialize(min, max)
          @min = min
          @max = max
          inclusive
        end

        def inclusive
          @less = :<=
          @greater = :>=
          @mode = :inclusive
          self
        end

        def exclusive
          @less = :<
          @greater = :>
          @mode = :exclusive
          self
        end

        def matches?(actual)
          @actual = actual
          @comparable = actual.respond_to?(@less) && actual.respond_to?(@greater)
          @comparable && actual.__send__(@greater, @min) && actual.__send__(@less, @max)
        rescue ArgumentError
          false
        end

        def failure_message
          "#{super}#{@comparable ? '' : ", but it does not respond to `#{@less}` and `#{@greater}`"}"
        end

        def description = "be between #{fmt(@min)} and #{fmt(@max)} (#{@mode})"
      end

      class BeWithin < BaseMatcher
        def initialize(delta)
          @delta = delta
        end

        def of(expected)
          @expected = expected
          @tolerance = @delta
          @unit = ""
          self
        end

        def percent_of(expected)
          @expected = expected
          @tolerance = @delta * @expected.abs / 100.0
          @unit = "%"
          self
        end

        def matches?(actual)
          @actual = actual
          raise ArgumentError, "You must set an expected value using #of: be_within(#{@delta}).of(expected_value)" unless defined?(@expected) && @expected
          actual.respond_to?(:-) && (actual - @expected).abs <= @tolerance
        end

        def failure_message
          "expected #{actual_formatted} to #{description}#{actual.respond_to?(:-) ? '' : ", but it could not be treated as a numeric value"}"
        end

        def description = "be within #{@delta}#{@unit} of #{expected_formatted}"
      end

      class Include < BaseMatcher
        def initialize(*expected)
          @expecteds = expected
        end

        def expected = @expecteds.length == 1 && @expecteds[0].is_a?(Hash) ? @expecteds[0] : @expecteds

        def matches?(actual)
          @actual = actual
          @missing = missing_items(actual, false)
          @missing.empty?
        end

        def does_not_match?(actual)
          @actual = actual
          @present = missing_items(actual, true)
          @present.empty?
        end

        def missing_items(actual, negated)
          found = []
          @expecteds.each do |item|
            if actual.is_a?(Hash) && item.is_a?(Hash)
              item.each do |key, value|
                has = actual.key?(key) && values_match?(value, actual[key])
                found << { key => value } if has == negated
              end
            elsif actual.is_a?(Hash)
              found << item if actual.key?(item) == negated
            else
              has = actual.is_a?(String) ? actual.include?(item) : actual.any? { |element| values_match?(item, element) }
              found << item if has == negated
            end
          end
          found
        end

        def values_match?(expected, actual)
          expected.is_a?(BaseMatcher) ? expected.matches?(actual) : (expected == actual || expected === actual)
        end

        # rspec spaces the `=>` of hashes in include's messages: `{"a" => 1}`.
        def spaced(text) = text.gsub(/(\S)=>(\S)/, '\1 => \2')
        def failure_message = spaced("expected #{actual_formatted} to include #{items_text(@missing)}")
        def failure_message_when_negated = spaced("expected #{actual_formatted} not to include #{items_text(@present)}")
        def description = spaced("include #{items_text(@expecteds)}")

        def items_text(items)
          merged = items.all? { |i| i.is_a?(Hash) } && !items.empty? ? [items.reduce({}) { |all, h| all.merge(h) }] : items
          RSpec::Matchers.to_sentence(merged)
        end

        # A string that holds an expected substring inside a longer line would be diffed as if it lacked it.
        def diffable?
          return true unless @actual.is_a?(String) && expected.is_a?(Array)
          lines = @actual.split("\n")
          expected.none? { |item| @actual.include?(item) && lines.none? { |line| line == item } }
        end
      end

      # As rspec-expectations: one matcher for both ends, a string's by start_with? or
      # end_with?, any other collection's by its first or last items.
      class StartOrEndWith < BaseMatcher
        def initialize(*expected)
          @expected = expected.length == 1 ? expected[0] : expected
        end

        def match(expected, actual)
          return actual.public_send(string_test, expected) if actual.is_a?(String)
          items = expected.is_a?(Array) ? expected : [expected]
          actual.respond_to?(end_items) && actual.public_send(end_items, items.length) == items
        end

        def description = "#{verb} #{expected_formatted}"
      end

      class StartWith < StartOrEndWith
        def string_test = :start_with?
        def end_items = :first
        def verb = 'start with'
      end

      class EndWith < StartOrEndWith
        def string_test = :end_with?
        def end_items = :last
        def verb = 'end with'
      end

      class Match < BaseMatcher
        def match(expected, actual)
          return false unless actual.respond_to?(:match)
          expected.is_a?(Regexp) ? !!(actual =~ expected) : !!actual.match(expected)
        end

        def description = "match #{expected_formatted}"
        def diffable? = true
      end

      class ContainExactly < BaseMatcher
        def initialize(*expected)
          @expected = expected
        end

        def matches?(actual)
          @actual = actual
          return false unless actual.respond_to?(:to_ary) || actual.is_a?(Array)
          remaining = actual.to_a.dup
          @missing = []
          @expected.each do |item|
            index = remaining.index { |element| item.is_a?(BaseMatcher) ? item.matches?(element) : item == element }
            index ? remaining.delete_at(index) : @missing << item
          end
          @extra = remaining
          @missing.empty? && @extra.empty?
        end

        def failure_message
          return "expected a collection that can be converted to an array with `#to_ary` or `#to_a`, but got #{actual_formatted}" unless @actual.is_a?(Array)
          lines = ["expected collection contained:  #{fmt(safe_sort(@expected))}", "actual collection contained:    #{fmt(safe_sort(@actual))}"]
          lines << "the missing elements were:      #{fmt(safe_sort(@missing))}" unless @missing.empty?
          lines << "the extra elements were:        #{fmt(safe_sort(@extra))}" unless @extra.empty?
          lines.join("\n") + "\n"
        end

        def failure_message_when_negated = "expected #{actual_formatted} not to contain exactly #{RSpec::Matchers.to_sentence(@expected)}"

        def safe_sort(items)
          items.sort
        rescue StandardError
          items
        end

        def description = "contain exactly #{RSpec::Matchers.to_sentence(@expected)}"
      end

      class All < BaseMatcher
        def matches?(actual)
          @actual = actual
          @failed = []
          actual.each_with_index do |item, index|
            matcher = expected.dup
            @failed << [index, matcher] unless matcher.matches?(item)
          end
          @failed.empty?
        end

        def does_not_match?(_)
          raise NotImplementedError, "`expect().not_to all( matcher )` is not supported."
        end

        def failure_message
          lines = ["expected #{actual_formatted} to #{description}", ""]
          @failed.each do |index, matcher|
            lines << "   object at index #{index} failed to match:"
            matcher.failure_message.sub(/\A\n+/, "").split("\n").each { |line| lines << (line.empty? ? line : "      #{line}") }
            lines << ""
          end
          lines.pop
          lines.join("\n")
        end

        def description = "all #{expected.description}"
      end

      class RespondTo < BaseMatcher
        def initialize(*names)
          @names = names
          @arity = nil
        end

        def with(arity)
          @arity = arity
          self
        end

        def argument = self
        alias arguments argument

        def matches?(actual)
          @actual = actual
          @failing = @names.reject { |name| responds?(name) }
          @failing.empty?
        end

        def does_not_match?(actual)
          @actual = actual
          @failing = @names.select { |name| responds?(name) }
          @failing.empty?
        end

        def responds?(name)
          return false unless @actual.respond_to?(name)
          return true unless @arity
          method_arity = @actual.method(name).arity
          method_arity < 0 ? @arity >= -method_arity - 1 : method_arity == @arity
        end

        def with_text = @arity ? " with #{@arity} argument#{@arity == 1 ? '' : 's'}" : ""
        def failure_message = "expected #{actual_formatted} to respond to #{@failing.map(&:inspect).join(', ')}#{with_text}"
        def failure_message_when_negated = "expected #{actual_formatted} not to respond to #{@failing.map(&:inspect).join(', ')}#{with_text}"
        def description = "respond to #{@names.map(&:inspect).join(', ')}#{with_text}"
      end

      class BeAKindOf < BaseMatcher
        def match(expected, actual) = actual.kind_of?(expected)
        def description = "be a kind of #{expected.name}"
      end

      class BeAnInstanceOf < BaseMatcher
        def match(expected, actual) = actual.instance_of?(expected)
        def description = "be an instance of #{expected.name}"
      end

      # `be_empty`, `be_success`, `have_key(:a)`: the predicate `empty?`, `success?`, `has_key?` asked of the actual value.
      class DynamicPredicate < BaseMatcher
        def initialize(name, args, prefix)
          @name = name
          @args = args
          @prefix = prefix
        end

        def predicate
          base = @name.to_s.sub(/\A(be_an?_|be_|have_)/, "")
          @prefix == :have ? :"has_#{base}?" : :"#{base}?"
        end

        def matches?(actual)
          @actual = actual
          evaluate
          @responds && !!@result
        end

        def does_not_match?(actual)
          @actual = actual
          evaluate
          @responds && !@result
        end

        def evaluate
          @responds = @actual.respond_to?(predicate)
          @result = @responds ? @actual.__send__(predicate, *@args) : nil
        end

        def call_text = "`#{actual_formatted}.#{predicate}#{@args.empty? ? '' : '(' + @args.map { |a| fmt(a) }.join(', ') + ')'}`"

        def failure_message
          return "expected #{actual_formatted} to respond to `#{predicate}`" unless @responds
          "expected #{call_text} to be truthy, got #{fmt(@result)}"
        end

        def failure_message_when_negated
          return "expected #{actual_formatted} to respond to `#{predicate}`" unless @responds
          "expected #{call_text} to be falsey, got #{fmt(@result)}"
        end

        def description
          words = @name.to_s.tr("_", " ")
          @args.empty? ? words : "#{words} #{@args.map { |a| fmt(a) }.join(', ')}"
        end
      end

      class RaiseError < BaseMatcher
        def initialize(expected_class = nil, expected_message = nil, &block)
          if expected_class.is_a?(String) || expected_class.is_a?(Regexp)
            expected_message = expected_class
            expected_class = nil
          end
          @expected_class = expected_class
          @expected_message = expected_message
          @block = block
        end

        def supports_block_expectations? = true
        def expects_call_stack_jump? = true

        def with_message(message)
          @expected_message = message
          self
        end

        def matches?(callable)
          @raised = nil
          begin
            callable.call
          rescue Exception => error
            @raised = error
          end
          return false unless @raised
          class_ok = @expected_class.nil? ? @raised.is_a?(StandardError) || @raised.is_a?(Exception) : @raised.is_a?(@expected_class)
          message_ok = case @expected_message
                       when nil then true
                       when Regexp then @raised.message =~ @expected_message
                       else @raised.message == @expected_message.to_s
                       end
          ok = class_ok && message_ok
          @block.call(@raised) if ok && @block
          ok
        end

        def does_not_match?(callable)
          if @expected_class || @expected_message
            raise ArgumentError, "`expect { }.not_to raise_error(SpecificErrorClass)` is not valid, use `expect { }.not_to raise_error` (with no args) instead"
          end
          !matches?(callable)
        end

        def expected_text
          return @expected_message.inspect if @expected_class.nil? && @expected_message.is_a?(Regexp)
          klass = @expected_class ? @expected_class.name : "Exception"
          case @expected_message
          when nil then klass
          when Regexp then "#{klass} with message matching #{@expected_message.inspect}"
          else "#{klass} with #{@expected_message.inspect}"
          end
        end

        def raised_text
          "#<#{@raised.class.name}: #{@raised.message}>"
        end

        def backtrace_text
          lines = RSpec::Core.__spec_backtrace(@raised)
          lines.map { |line| "  # #{line}" }.join("\n")
        end

        def failure_message
          return "expected #{expected_text} but nothing was raised" unless @raised
          "expected #{expected_text}, got #{raised_text} with backtrace:\n#{backtrace_text}"
        end

        def failure_message_when_negated
          "expected no Exception, got #{raised_text} with backtrace:\n#{backtrace_text}"
        end

        def description = "raise #{expected_text}"
      end

      class Change < BaseMatcher
        def initialize(receiver = nil, message = nil, &block)
          @value_block = block || (message ? proc { receiver.__send__(message) } : nil)
          @label = if message
                     receiver.is_a?(Module) ? "`#{receiver}.#{message}`" : "`#{receiver.class}##{message}`"
                   else
                     RSpec::Core.__block_snippet(block)
                   end
          @by = nil
          @from = :__none
          @to = :__none
        end

        def by(delta)
          @by = delta
          self
        end

        def from(value)
          @from = value
          self
        end

        def to(value)
          @to = value
          self
        end

        def supports_block_expectations? = true

        def matches?(callable)
          @before = @value_block.call
          @before = @before.dup if @before.is_a?(String) || @before.is_a?(Array) || @before.is_a?(Hash)
          callable.call
          @after = @value_block.call
          return false if @from != :__none && !(@from === @before)
          return false if @to != :__none && !(@to === @after)
          return @after - @before == @by if @by
          @before != @after
        end

        def does_not_match?(callable) = !matches?(callable)

        def failure_message
          if @from != :__none && !(@from === @before)
            "expected #{@label} to have initially been #{fmt(@from)}, but was #{fmt(@before)}"
          elsif @to != :__none && !(@to === @after)
            "expected #{@label} to have changed to #{fmt(@to)}, but #{@before == @after ? 'did not change' : "is now #{fmt(@after)}"}"
          elsif @by
            "expected #{@label} to have changed by #{fmt(@by)}, but was changed by #{fmt(@after - @before)}"
          else
            "expected #{@label} to have changed, but is still #{fmt(@before)}"
          end
        end

        def failure_message_when_negated
          "expected #{@label} not to have changed, but did change from #{fmt(@before)} to #{fmt(@after)}"
        end

        def description
          text = "change #{@label}"
          text += " from #{fmt(@from)}" if @from != :__none
          text += " to #{fmt(@to)}" if @to != :__none
          text += " by #{fmt(@by)}" if @by
          text
        end
      end

      module Compound
        class Base < BaseMatcher
          attr_reader :matcher_1, :matcher_2

          def initialize(matcher_1, matcher_2)
            @matcher_1 = matcher_1
            @matcher_2 = matcher_2
          end

          def supports_block_expectations? = matcher_1.supports_block_expectations? && matcher_2.supports_block_expectations?

          def does_not_match?(_)
            raise NotImplementedError, "`expect(...).not_to matcher.#{conjunction} matcher` is not supported, " \
              "since it creates a bit of an ambiguity. Instead, define negated versions of whatever matchers " \
              "you wish to negate with `RSpec::Matchers.define_negated_matcher` and use `expect(...).to matcher.#{conjunction} matcher`."
          end
          def description = "#{matcher_1.description} #{conjunction} #{matcher_2.description}"
          def diffable? = false

          def indent(message)
            message.lines.map { |line| line =~ /\S/ ? "   " + line : line }.join
          end

          def compound_failure_message
            "#{indent(matcher_1.failure_message.sub(/\n+\z/, ''))}\n\n...#{conjunction}:\n\n#{indent(matcher_2.failure_message.sub(/\A\n+/, ''))}"
          end
        end

        class And < Base
          def conjunction = "and"

          def matches?(actual)
            @actual = actual
            @first_ok = matcher_1.matches?(actual)
            @second_ok = matcher_2.matches?(actual)
            @first_ok && @second_ok
          end

          def failure_message
            return matcher_2.failure_message if @first_ok
            return matcher_1.failure_message if @second_ok
            compound_failure_message
          end
        end

        class Or < Base
          def conjunction = "or"

          def matches?(actual)
            @actual = actual
            matcher_1.matches?(actual) || matcher_2.matches?(actual)
          end

          def failure_message = compound_failure_message
        end
      end
    end

    def eq(expected) = BuiltIn::Eq.new(expected)
    def eql(expected) = BuiltIn::Eql.new(expected)
    def equal(expected) = BuiltIn::Equal.new(expected)

    def be(*args)
      args.empty? ? BuiltIn::Be.new : BuiltIn::Equal.new(args[0])
    end

    def be_nil = BuiltIn::BeNil.new
    def be_truthy = BuiltIn::BeTruthy.new
    def be_falsey = BuiltIn::BeFalsey.new
    alias be_falsy be_falsey
    def be_between(min, max) = BuiltIn::BeBetween.new(min, max)
    def be_within(delta) = BuiltIn::BeWithin.new(delta)
    def include(*expected) = BuiltIn::Include.new(*expected)
    def start_with(*expected) = BuiltIn::StartWith.new(*expected)
    def end_with(*expected) = BuiltIn::EndWith.new(*expected)
    def match(expected) = BuiltIn::Match.new(expected)
    alias match_regex match
    def contain_exactly(*expected) = BuiltIn::ContainExactly.new(*expected)
    def match_array(items) = BuiltIn::ContainExactly.new(*items)
    def all(matcher) = BuiltIn::All.new(matcher)
    def respond_to(*names) = BuiltIn::RespondTo.new(*names)
    def be_a(klass) = BuiltIn::BeAKindOf.new(klass)
    alias be_an be_a
    alias be_kind_of be_a
    alias be_a_kind_of be_a
    def be_an_instance_of(klass) = BuiltIn::BeAnInstanceOf.new(klass)
    alias be_instance_of be_an_instance_of
    def raise_error(expected = nil, message = nil, &block) = BuiltIn::RaiseError.new(expected, message, &block)
    alias raise_exception raise_error
    def change(receiver = nil, message = nil, &block) = BuiltIn::Change.new(receiver, message, &block)

    def expect(*args, &block)
      raise ArgumentError, "You must pass either an argument or a block to `expect`." if args.empty? && !block
      RSpec::Expectations::ExpectationTarget.new(args[0], block)
    end

    def method_missing(name, *args, &block)
      text = name.to_s
      if text.start_with?("be_") || text.start_with?("have_")
        BuiltIn::DynamicPredicate.new(name, args, text.start_with?("have_") ? :have : :be)
      else
        super
      end
    end

    def respond_to_missing?(name, include_private = false)
      text = name.to_s
      text.start_with?("be_") || text.start_with?("have_") || super
    end
  end
end

class RSpec::Core::ExampleGroup
  include RSpec::Matchers
end
"""#
}
