require 'spec_helper'

RSpec.describe 'compound expectations' do
  let(:word) { 'sous-chef' }

  def both_present
    expect([1, 2]).to include(1).and include(2)
  end

  describe 'and' do
    it('passes') { expect(word).to start_with('sous').and end_with('chef') }
    it('fails on one side') { expect(word).to start_with('sous').and include('knife') }
    it('fails on both sides') { expect(word).to start_with('chef').and end_with('sous') }
    it('is rejected when negated') { expect(word).not_to start_with('x').and end_with('y') }
    it { both_present }
  end

  describe 'or' do
    it('passes with one side') { expect(word).to eq('chef').or include('sous') }
    it('passes with operators') { expect(4).to eq(5) | be_even }
    it('fails on both sides') { expect(word).to eq('chef').or eq('sous') }
    it('fails with three matchers') { expect(3).to eq(1).or(eq(2)).or(be > 5) }
    it { expect(3).to eq(1).or be_even }
  end

  describe 'aggregate_failures' do
    it 'passes' do
      aggregate_failures 'all fine' do
        expect(1).to eq(1)
        expect('a').to eq('a')
      end
    end

    it 'fails twice in a block' do
      aggregate_failures 'checking the response' do
        expect(404).to eq(200)
        expect('text/plain').to include('html')
        expect(true).to be(true)
      end
    end

    it 'fails once in a block without a label' do
      aggregate_failures do
        expect(1).to eq(2)
        expect(2).to eq(2)
      end
    end

    it 'fails through metadata', :aggregate_failures do
      expect(1).to be > 2
      expect([1]).to be_empty
    end

    it 'mixes a failure and an error' do
      aggregate_failures do
        expect(:a).to eq(:b)
        raise ArgumentError, 'broken'
      end
    end
  end
end
