/// rspec-core as spec files use it, in Ruby: example groups are classes (a nested group
/// subclasses its parent, so `let`, helper methods and hooks are inherited as in rspec),
/// examples are run in a fresh instance of their group, and every step is reported to the
/// Swift side (`RSpec.__report`), which times the examples and writes the reports.
///
/// Run order is rspec's with `--order defined`: a group's examples first, then its child
/// groups, each in the order declared.
enum RSpecCoreSource {
    static let path = "<internal:rspec-core>"
    static let source = #"""
module RSpec
  module Core
    # `skip`, `xit` and examples without a body end here: the example is pending and not run further.
    class Skip < Exception
      attr_reader :reason
      def initialize(reason)
        @reason = reason
        super(reason.to_s)
      end
    end

    # What a pending example that passed fails with.
    class PendingExampleFixedError < StandardError; end

    class Example
      attr_reader :group, :description_arg, :block, :file, :line, :metadata, :index
      attr_accessor :implicit_description, :pending_reason, :skip_reason, :status, :exception, :id

      def initialize(group, description, metadata, file, line, block, index)
        @group = group
        @description_arg = description
        @metadata = metadata
        @file = file
        @line = line
        @block = block
        @index = index
        @pending_reason = nil
      end

      def description
        return @description_arg.to_s if @description_arg && !@description_arg.to_s.empty?
        return @implicit_description if @implicit_description
        "example at #{@file}:#{@line}"
      end

      def full_description
        RSpec::Core.join_descriptions(@group.__description_parts + [description])
      end

      # What rspec keeps as the example's full description: without the `example at` stand-in
      # the console shows for an example with no description and no expectation.
      def recorded_full_description
        own = @description_arg && !@description_arg.to_s.empty? ? @description_arg.to_s : @implicit_description.to_s
        "#{RSpec::Core.join_descriptions(@group.__description_parts)} #{own}"
      end

      def location = "#{@file}:#{@line}"
    end

    def self.join_descriptions(parts)
      text = +""
      previous = nil
      parts.each do |part|
        piece = part.to_s
        next if piece.empty?
        if text.empty?
          text << piece
        elsif previous.is_a?(Module) && piece =~ /\A(#|::|\.)/
          text << piece
        else
          text << " " << piece
        end
        previous = part
      end
      text
    end

    def self.describe_argument(arg)
      arg.is_a?(Module) ? arg.name.to_s : arg.to_s
    end

    class ExampleGroup
      class << self
        def __setup(args, metadata, file, line, index)
          @__description_args = args
          @__metadata = metadata
          @__file = file
          @__line = line
          @__index = index
          @__examples = []
          @__children = []
          @__hooks = { before_each: [], after_each: [], before_all: [], after_all: [] }
          @__runnables = 0
        end

        # rspec numbers a group's examples and child groups together, in declaration order: `[1:3]`.
        def __next_index = (@__runnables += 1)

        def __description_args = @__description_args || []
        def __examples = @__examples || []
        def __children = @__children || []
        def __hooks = @__hooks
        def __file = @__file
        def __line = @__line
        def __index = @__index
        def __metadata = @__metadata || {}
        def __parent = (superclass.respond_to?(:__hooks) && superclass.__hooks ? superclass : nil)

        def __ancestry
          chain = []
          group = self
          while group
            chain.unshift(group)
            group = group.__parent
          end
          chain
        end

        def __id_path = __ancestry.map(&:__index)

        def description
          args = @__description_args || []
          return "" if args.empty?
          first = args.first
          text = RSpec::Core.describe_argument(first)
          text += " " + args[1].to_s if args.length > 1 && args[1].is_a?(String)
          text
        end

        def described_class
          @__description_args&.each { |arg| return arg if arg.is_a?(Module) }
          __parent&.described_class
        end

        def __description_parts
          __ancestry.map do |group|
            first = group.instance_variable_get(:@__description_args)&.first
            first.is_a?(Module) && group.instance_variable_get(:@__description_args).length == 1 ? first : group.description
          end
        end

        def __pending_everything = __ancestry.any? { |g| g.__metadata[:skip] }

        def describe(*args, &block)
          RSpec::Core.define_group(self, args, block)
        end
        alias context describe
        alias example_group describe
        alias feature describe

        def xdescribe(*args, &block)
          RSpec::Core.define_group(self, args + [{ skip: "Temporarily skipped with xdescribe" }], block)
        end

        def xcontext(*args, &block)
          RSpec::Core.define_group(self, args + [{ skip: "Temporarily skipped with xcontext" }], block)
        end

        def it(description = nil, *rest, &block)
          if description.is_a?(Symbol) || description.is_a?(Hash)
            rest.unshift(description)
            description = nil
          end
          __add_example(description, RSpec::Core.metadata_from(rest), block)
        end
        alias specify it
        alias example it
        alias scenario it

        %w[xit xspecify xexample].each do |name|
          define_method(name) do |description = nil, *rest, &block|
            __add_example(description, { skip: "Temporarily skipped with #{name}" }, block)
          end
        end

        def pending(description = nil, *rest, &block)
          reason = rest.first.is_a?(Hash) && rest.first[:pending] || "No reason given"
          __add_example(description, { pending: reason }, block)
        end

        def skip(description = nil, *rest, &block)
          reason = rest.first.is_a?(Hash) && rest.first[:skip] || "No reason given"
          __add_example(description, { skip: reason }, block)
        end

        def __add_example(description, metadata, block)
          site = RSpec::Core.__call_site
          example = Example.new(self, description, metadata, site[0], site[1], block, __next_index)
          @__examples << example
          example
        end

        def before(scope = :each, &block)
          @__hooks[scope_key(:before, scope)] << block
        end
        alias prepend_before before
        alias append_before before

        def after(scope = :each, &block)
          @__hooks[scope_key(:after, scope)] << block
        end
        alias prepend_after after
        alias append_after after

        def around(*)
          raise ArgumentError, "sous verify does not run around hooks; use before and after"
        end

        def scope_key(kind, scope)
          case scope
          when :each, :example then :"#{kind}_each"
          when :all, :context, :suite then :"#{kind}_all"
          else raise ArgumentError, "#{kind}(#{scope.inspect}): the scope must be :each, :example, :all or :context"
          end
        end

        def let(name, &block)
          raise ArgumentError, "let(#{name.inspect}) needs a block" unless block
          ivar = :"@__let_#{name.to_s.tr('?!', 'QB')}"
          memo_block = block
          define_method(name) do
            unless instance_variable_defined?(ivar)
              instance_variable_set(ivar, instance_exec(&memo_block))
            end
            instance_variable_get(ivar)
          end
        end

        def let!(name, &block)
          let(name, &block)
          before { __send__(name) }
        end

        def subject(name = nil, &block)
          if name
            let(name, &block)
            define_method(:subject) { __send__(name) }
          else
            let(:subject, &block)
          end
        end

        def subject!(name = nil, &block)
          subject(name, &block)
          before { subject }
        end

        def shared_examples(name, &block)
          RSpec::Core.shared_groups[name] = block
        end
        alias shared_examples_for shared_examples
        alias shared_context shared_examples

        def include_examples(name, *args)
          block = RSpec::Core.shared_groups[name] or raise ArgumentError, "Could not find shared examples #{name.inspect}"
          class_exec(*args, &block)
        end
        alias include_context include_examples

        def it_behaves_like(name, *args)
          block = RSpec::Core.shared_groups[name] or raise ArgumentError, "Could not find shared examples #{name.inspect}"
          RSpec::Core.define_group(self, ["behaves like #{name}"], proc { class_exec(*args, &block) })
        end
        alias it_should_behave_like it_behaves_like
      end

      def described_class = self.class.described_class

      def subject
        klass = described_class
        klass.is_a?(Class) ? (@__implicit_subject ||= klass.new) : (self.class.instance_variable_get(:@__description_args) || []).first
      end

      def is_expected = expect(subject)
      def should(matcher = nil, message = nil) = RSpec::Expectations::ExpectationTarget.new(subject).to(matcher, message)
      def should_not(matcher = nil, message = nil) = RSpec::Expectations::ExpectationTarget.new(subject).not_to(matcher, message)

      def skip(reason = "No reason given")
        raise RSpec::Core::Skip.new(reason)
      end

      def pending(reason = "No reason given")
        RSpec::Core.current_example.pending_reason = reason
        nil
      end

      def aggregate_failures(label = nil, &block)
        RSpec::Expectations.aggregate(label, &block)
      end
    end

    class << self
      def groups = (@groups ||= [])
      def shared_groups = (@shared_groups ||= {})
      attr_accessor :current_example

      # The file and line of the spec code that called into here.
      def __call_site
        __sous_call_site
      end

      # `it "x", :slow, pending: "why"`: symbols are flags set to true.
      def metadata_from(args)
        metadata = {}
        args.each do |arg|
          if arg.is_a?(Hash) then metadata.merge!(arg)
          elsif arg.is_a?(Symbol) then metadata[arg] = true
          end
        end
        metadata
      end

      def define_group(parent, args, block)
        args = args.dup
        metadata = {}
        metadata = metadata_from([args.pop]).merge(metadata) while args.length > 1 && (args.last.is_a?(Hash) || args.last.is_a?(Symbol))
        metadata = metadata_from([args.pop]) if args.length == 1 && args.last.is_a?(Hash)
        site = __call_site
        siblings = parent ? parent.__children : groups
        group = Class.new(parent || ExampleGroup)
        index = parent ? parent.__next_index : groups.count { |g| g.__file == site[0] } + 1
        group.__setup(args, metadata, site[0], site[1], index)
        siblings << group
        group.class_exec(&block) if block
        group
      end

      attr_accessor :filter

      def selected?(example) = filter.nil? || example.full_description.include?(filter)

      def run_group(group, before_all_state)
        return unless __group_selected?(group)
        __report(:group_started, group)
        state = before_all_state.dup
        failed_before_all = nil
        unless group.__examples.empty? && group.__children.empty?
          context = group.new
          state.each { |name, value| context.instance_variable_set(name, value) }
          begin
            group.__hooks[:before_all].each { |hook| context.instance_exec(&hook) }
          rescue Exception => error
            failed_before_all = error
          end
          context.instance_variables.each { |name| state[name] = context.instance_variable_get(name) }
        end
        group.__examples.each { |example| run_example(example, state, failed_before_all) if selected?(example) }
        group.__children.each { |child| run_group(child, state) }
        unless group.__hooks[:after_all].empty?
          context = group.new
          state.each { |name, value| context.instance_variable_set(name, value) }
          group.__hooks[:after_all].reverse_each do |hook|
            begin
              context.instance_exec(&hook)
            rescue Exception => error
              __report(:error_outside, error)
            end
          end
        end
        __report(:group_finished, group)
      end

      def run_example(example, state, failed_before_all)
        self.current_example = example
        __report(:example_started, example)
        skip = example.metadata[:skip] || example.group.__ancestry.map { |g| g.__metadata[:skip] }.compact.first
        if skip
          example.pending_reason = skip == true ? "No reason given" : skip
          finish(example, :pending, nil)
          return
        end
        unless example.block
          example.pending_reason = "Not yet implemented"
          finish(example, :pending, nil)
          return
        end
        example.pending_reason = example.metadata[:pending] if example.metadata[:pending]
        instance = example.group.new
        state.each { |name, value| instance.instance_variable_set(name, value) }
        error = failed_before_all
        skipped = nil
        RSpec::Matchers.last_description = nil
        unless error
          begin
            example.group.__ancestry.each { |g| g.__hooks[:before_each].each { |hook| instance.instance_exec(example, &hook) } }
            if example.metadata[:aggregate_failures] || example.group.__ancestry.any? { |g| g.__metadata[:aggregate_failures] }
              RSpec::Expectations.aggregate(:__metadata) { instance.instance_exec(example, &example.block) }
            else
              instance.instance_exec(example, &example.block)
            end
          rescue RSpec::Core::Skip => signal
            skipped = signal.reason
          rescue Exception => raised
            error = raised
          end
          example.group.__ancestry.reverse_each do |g|
            g.__hooks[:after_each].reverse_each do |hook|
              begin
                instance.instance_exec(example, &hook)
              rescue Exception => raised
                error ||= raised
              end
            end
          end
        end
        if example.description_arg.nil? || example.description_arg.to_s.empty?
          described = RSpec::Matchers.generated_description
          example.implicit_description = described if described
        end
        if skipped
          example.pending_reason = skipped
          finish(example, :pending, nil)
        elsif example.pending_reason
          if error
            finish(example, :pending, error)
          else
            fixed = PendingExampleFixedError.new("Expected pending '#{example.pending_reason}' to fail. No error was raised.")
            finish(example, :fixed, fixed)
          end
        elsif error
          finish(example, :failed, error)
        else
          finish(example, :passed, nil)
        end
      ensure
        self.current_example = nil
      end

      def finish(example, status, error)
        example.status = status
        example.exception = error
        __report(:example_finished, example)
      end

      def run_all(filter)
        self.filter = filter
        groups.each { |group| run_group(group, {}) }
      end

      def __group_selected?(group)
        filter.nil? || group.__examples.any? { |e| selected?(e) } || group.__children.any? { |c| __group_selected?(c) }
      end
    end
  end

  def self.describe(*args, &block) = RSpec::Core.define_group(nil, args, block)
  def self.context(*args, &block) = RSpec::Core.define_group(nil, args, block)
  def self.shared_examples(name, &block) = (RSpec::Core.shared_groups[name] = block)
  def self.shared_examples_for(name, &block) = (RSpec::Core.shared_groups[name] = block)
  def self.shared_context(name, &block) = (RSpec::Core.shared_groups[name] = block)

  # `RSpec.configure { |c| ... }` in a spec_helper: accepted; the settings sous has no use for are kept and ignored.
  class Configuration
    def method_missing(name, *args, &block) = nil
    def respond_to_missing?(*) = true
  end

  def self.configuration = (@configuration ||= Configuration.new)
  def self.configure = yield(configuration)
end

module Kernel
  private

  def describe(*args, &block) = RSpec::Core.define_group(nil, args, block)
  def context(*args, &block) = RSpec::Core.define_group(nil, args, block)
  def shared_examples(name, &block) = (RSpec::Core.shared_groups[name] = block)
  def shared_examples_for(name, &block) = (RSpec::Core.shared_groups[name] = block)
  def shared_context(name, &block) = (RSpec::Core.shared_groups[name] = block)
end
"""#
}
