require 'spec_helper'

class ConfigError < StandardError; end

RSpec.describe 'errors' do
  def parse(value)
    raise ArgumentError, "bad value: #{value}" if value.nil?
    raise ConfigError, 'unknown port' if value == :port
    value
  end

  def expect_positive(n)
    expect(n).to be > 0
  end

  describe 'raise_error' do
    it('passes with no args') { expect { parse(nil) }.to raise_error }

    it 'passes with a class, a message or a regexp' do
      expect { parse(nil) }.to raise_error(ArgumentError)
      expect { parse(nil) }.to raise_error(ArgumentError, 'bad value: ')
      expect { parse(:port) }.to raise_error(/unknown/)
      expect { parse(:port) }.to raise_error(ConfigError, /port$/)
    end

    it('passes when negated') { expect { parse(1) }.not_to raise_error }

    it('fails with no args') { expect { parse(1) }.to raise_error }
    it('fails when nothing is raised') { expect { parse(1) }.to raise_error(ArgumentError) }
    it('fails with the wrong class') { expect { parse(:port) }.to raise_error(ArgumentError) }
    it('fails with the wrong message') { expect { parse(nil) }.to raise_error(ArgumentError, 'good value') }
    it('fails with a regexp') { expect { parse(:port) }.to raise_error(/missing/) }
    it('fails when negated') { expect { parse(:port) }.not_to raise_error }

    it 'fails in a multi-line block' do
      expect {
        value = parse(2)
        value * 2
      }.to raise_error(ConfigError, 'unknown port')
    end
  end

  describe 'errors outside expectations' do
    it 'fails on a plain raise' do
      raise 'boom'
    end

    it 'fails on an error raised in a helper' do
      parse(:port)
    end

    it 'fails in a helper method' do
      expect_positive(1)
      expect_positive(-4)
    end

    it 'is pending on a raise' do
      pending 'not fixed'
      raise ConfigError, 'still broken'
    end
  end
end
