require 'spec_helper'

RSpec.describe 'equality' do
  describe 'eq' do
    it 'passes for equal values' do
      expect(1 + 1).to eq(2)
      expect('abc').to eq('abc')
      expect([1, 2]).not_to eq([2, 1])
    end

    it 'fails for different integers' do
      expect(1 + 1).to eq(3)
    end

    it 'fails when negated on equal strings' do
      expect('same').not_to eq('same')
    end

    it 'fails for two multi-line strings' do
      expected = "line one\nline two\nline three\n"
      actual = "line one\nline 2\nline three\n"
      expect(actual).to eq(expected)
    end

    it 'fails for two hashes' do
      expect({ 'name' => 'web', 'port' => 80, 'tls' => false }).to eq('name' => 'web', 'port' => 443, 'tls' => false)
    end

    it 'fails for arrays of numbers without a diff' do
      expect([1, 2]).to eq([1, 3])
    end

    it 'is pending on eq with symbols', pending: 'eq pending' do
      expect(:left).to eq(:right)
    end
  end

  describe 'eql' do
    it('passes') { expect(1).to eql(1) }
    it('fails on Integer vs Float') { expect(1).to eql(1.0) }
    it('fails when negated') { expect(:x).to_not eql(:x) }
  end

  describe 'equal' do
    it 'passes for identical objects' do
      expect(true).to equal(true)
      expect(:sym).to equal(:sym)
      expect(nil).not_to equal(false)
    end

    it('fails for true vs false') { expect(false).to equal(true) }
    # The only failure message in the suite that contains object ids
    # (Integer ids are deterministic in CRuby: n.object_id == 2n+1).
    it('fails for small integers') { expect(6).to equal(5) }
  end

  describe 'be' do
    it 'passes' do
      expect(1).to be
      expect(nil).not_to be
      expect(true).to be(true)
    end

    it('fails with no args on nil') { expect(nil).to be }
    it('fails with no args when negated') { expect(7).not_to be }
    it('fails be(x) identity') { expect(nil).to be(false) }
  end

  describe 'be_nil, be_truthy and be_falsey' do
    it 'passes' do
      expect(nil).to be_nil
      expect(0).to be_truthy
      expect(nil).to be_falsey
      expect(false).not_to be_truthy
    end

    it('fails be_nil') { expect(5).to be_nil }
    it('fails be_nil when negated') { expect(nil).not_to be_nil }
    it('fails be_truthy') { expect(nil).to be_truthy }
    it('fails be_falsey') { expect('x').to be_falsey }
    it 'is pending on a negated be_truthy' do
      pending 'truthiness is hard'
      expect(1).not_to be_truthy
    end
  end
end
