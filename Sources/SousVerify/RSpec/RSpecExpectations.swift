/// rspec-expectations' core in Ruby: `expect(...).to`/`not_to`, `fail_with` (the `Diff:`
/// comes from the Swift side, `__sous_diff`), `aggregate_failures`, and how objects are
/// shown in messages. The built-in matchers are `RSpecMatchersSource`; both are compared
/// word for word with Debian's rspec 3.12 by the differential suite.
enum RSpecExpectationsSource {
    static let path = "<internal:rspec-expectations>"
    static let source = #"""
module RSpec
  module Support
    module ObjectFormatter
      def self.format(object)
        text = inspect_value(object)
        text.length > 200 ? text[0, 98] + "..." + text[-98, 98] : text
      end

      def self.inspect_value(object)
        case object
        when Array then "[" + object.map { |item| inspect_value(item) }.join(", ") + "]"
        when Time then object.strftime("%Y-%m-%d %H:%M:%S.%N %z")
        when RSpec::Matchers::BuiltIn::BaseMatcher then object.description
        else object.inspect
        end
      end
    end
  end

  module Expectations
    class ExpectationNotMetError < Exception; end

    class MultipleExpectationsNotMetError < ExpectationNotMetError
      attr_reader :failures, :other_errors, :label

      def initialize(label, failures, other_errors)
        @label = label
        @failures = failures
        @other_errors = other_errors
        super(summary)
      end

      def all_exceptions = @failures + @other_errors

      def summary
        exceptions = [(@failures.empty? ? nil : pluralize(@failures.length, "failure")), (@other_errors.empty? ? nil : pluralize(@other_errors.length, "other error"))].compact.join(" and ")
        return "Got #{exceptions}:" if @label == :__metadata
        "Got #{exceptions} from failure aggregation #{@label ? "block #{@label.inspect}" : 'block'}."
      end

      def pluralize(count, word) = "#{count} #{word}#{count == 1 ? '' : 's'}"
    end

    class << self
      attr_accessor :aggregator

      def fail_with(message, expected = nil, actual = nil)
        message = message.to_s
        if expected != nil || actual != nil
          diff = __sous_diff(actual, expected)
          message = "#{message}\nDiff:#{diff}" unless diff.strip.empty?
        end
        raise ExpectationNotMetError, message
      end

      def aggregate(label)
        outer = aggregator
        collected = []
        self.aggregator = collected
        other = []
        begin
          yield
        rescue ExpectationNotMetError => error
          collected << error
        rescue Exception => error
          other << error
        ensure
          self.aggregator = outer
        end
        return nil if collected.empty? && other.empty?
        raise collected.first if collected.length == 1 && other.empty?
        raise MultipleExpectationsNotMetError.new(label, collected, other)
      end

      # Inside `aggregate_failures`, a failed expectation is noted and the block goes on.
      def handle_failure(error)
        if aggregator
          error.set_backtrace(caller) unless error.backtrace
          aggregator << error
          nil
        else
          raise error
        end
      end
    end

    class ExpectationTarget
      def initialize(actual = nil, block = nil)
        @actual = actual
        @block = block
      end

      def to(matcher = nil, message = nil, &block)
        raise ArgumentError, "The expect syntax does not support operator matchers, so you must pass a matcher to `#to`." unless matcher
        run(matcher, message, false)
      end

      def not_to(matcher = nil, message = nil, &block)
        raise ArgumentError, "The expect syntax does not support operator matchers, so you must pass a matcher to `#not_to`." unless matcher
        run(matcher, message, true)
      end
      alias to_not not_to

      def run(matcher, message, negated)
        if @block && !(matcher.respond_to?(:supports_block_expectations?) && matcher.supports_block_expectations?)
          raise ArgumentError, "You must pass an argument rather than a block to `expect` to use the provided matcher (#{matcher.description})."
        end
        RSpec::Matchers.last_description = [negated, matcher]
        target = @block || @actual
        ok = negated ? (matcher.respond_to?(:does_not_match?) ? matcher.does_not_match?(target) : !matcher.matches?(target)) : matcher.matches?(target)
        return true if ok
        text = message.respond_to?(:call) ? message.call : message
        text ||= negated ? matcher.failure_message_when_negated : matcher.failure_message
        error = begin
          if !message && matcher.respond_to?(:diffable?) && matcher.diffable?
            RSpec::Expectations.fail_with(text, matcher.expected, matcher.actual)
          else
            RSpec::Expectations.fail_with(text)
          end
        rescue ExpectationNotMetError => raised
          raised
        end
        RSpec::Expectations.handle_failure(error)
        false
      end
    end
  end
end
"""#
}
