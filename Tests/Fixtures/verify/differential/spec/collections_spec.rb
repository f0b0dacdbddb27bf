require 'spec_helper'

RSpec.describe 'collections' do
  let(:numbers) { [1, 3, 7, 9] }
  let(:config) { { 'name' => 'web', 'port' => 80 } }

  context 'include on arrays' do
    it('passes') { expect(numbers).to include(3, 7) }
    it('fails for several missing items') { expect(numbers).to include(1, 2, 4, 5) }
    it('fails when negated') { expect(numbers).not_to include(1, 9) }
  end

  context 'include on hashes' do
    it 'passes' do
      expect(config).to include('name')
      expect(config).to include('port' => 80)
      expect(config).not_to include('user')
      expect(config).to have_key('port')
    end

    it('fails for a missing key') { expect(config).to include('user') }
    it('fails for a wrong value') { expect(config).to include('port' => 443) }
    it('fails when negated') { expect(config).not_to include('name' => 'web') }
  end

  context 'have_key' do
    it('fails') { expect(config).to have_key('user') }
    it('fails when negated') { expect(config).not_to have_key('name') }
  end

  context 'match_array and contain_exactly' do
    it 'passes' do
      expect(numbers).to match_array([9, 7, 3, 1])
      expect(numbers).to contain_exactly(7, 1, 9, 3)
      expect(numbers).not_to contain_exactly(1, 3)
    end

    it('fails match_array') { expect([1, 2, 3]).to match_array([1, 1, 2]) }
    it('fails contain_exactly with only extra') { expect(%w[b a c]).to contain_exactly('a', 'b') }
    it 'is pending on a negated contain_exactly' do
      pending 'order should not matter'
      expect([2, 1]).not_to contain_exactly(1, 2)
    end
  end

  context 'all' do
    it('passes') { expect(numbers).to all(be_odd) }
    it('fails') { expect([1, 2, 3, 4]).to all(be < 3) }
  end

  context 'be_empty' do
    it 'passes' do
      expect([]).to be_empty
      expect('x').not_to be_empty
    end

    it('fails') { expect([1]).to be_empty }
    it('fails when negated') { expect('').not_to be_empty }
  end

  context 'iterating' do
    [1, 2].each do |n|
      it("handles #{n}") { expect(n).to eq(1) }
    end
  end
end

RSpec.describe Array do
  it { is_expected.to be_empty }

  describe '#size' do
    subject { [1, 2, 3].size }

    it { is_expected.to eq 3 }
    it { is_expected.not_to eq 3 }
    it { should eq 3 }
  end
end
