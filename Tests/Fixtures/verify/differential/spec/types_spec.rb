require 'spec_helper'

class Outcome
  def initialize(ok)
    @ok = ok
  end

  def success?
    @ok
  end

  def report(verbose)
    verbose ? 'long' : 'short'
  end

  def inspect
    "#<Outcome ok=#{@ok}>"
  end
end

RSpec.describe 'types' do
  describe 'be_a, be_an, be_kind_of and be_an_instance_of' do
    it 'passes' do
      expect(5).to be_a(Integer)
      expect(5).to be_an(Integer)
      expect(5).to be_kind_of(Numeric)
      expect(5).to be_an_instance_of(Integer)
      expect('s').not_to be_a(Numeric)
      expect(5).not_to be_an_instance_of(Numeric)
    end

    it('fails be_a') { expect('5').to be_a(Integer) }
    it('fails be_kind_of when negated') { expect(5).not_to be_kind_of(Numeric) }
    it('fails be_an_instance_of') { expect(5).to be_an_instance_of(Numeric) }
    it('fails be_an_instance_of when negated') { expect([]).not_to be_an_instance_of(Array) }
    xit('is xit on be_kind_of') { expect(nil).to be_kind_of(String) }
  end

  describe 'respond_to' do
    it 'passes' do
      expect('abc').to respond_to(:upcase)
      expect(Outcome.new(true)).to respond_to(:report).with(1).argument
      expect(5).not_to respond_to(:upcase)
    end

    it('fails for several methods') { expect('abc').to respond_to(:upcase, :flatten, :keys) }
    it('fails with an arity') { expect(Outcome.new(true)).to respond_to(:report).with(2).arguments }
    it('fails when negated') { expect('abc').not_to respond_to(:length) }
  end
end

RSpec.describe Outcome do
  subject(:outcome) { Outcome.new(true) }

  it { is_expected.to be_success }
  it('fails be_success') { expect(Outcome.new(false)).to be_success }
  it('fails be_success when negated') { expect(outcome).not_to be_success }
  it('fails a predicate that does not exist') { expect(outcome).to be_ready }

  context 'when failed' do
    subject { Outcome.new(false) }

    it { is_expected.not_to be_success }
    it { is_expected.to be_success }
  end
end

RSpec.describe :symbol_group do
  it('is described by a symbol') { |ex| expect(ex.full_description).to eq('symbol_group is described by a symbol') }
end

RSpec.describe 42 do
  it { is_expected.to eq 42 }
  it { is_expected.to be_odd }
end
