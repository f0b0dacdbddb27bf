require 'spec_helper'

RSpec.describe 'pending and skip' do
  describe 'pending' do
    it 'fails as expected with a reason' do
      pending 'waiting for the fix'
      expect(1 + 1).to eq(3)
    end

    it 'fails as expected without a reason' do
      pending
      expect([1, 2]).not_to include(2)
    end

    it 'unexpectedly passes' do
      pending 'thought this was broken'
      expect(1 + 1).to eq(2)
    end

    it 'is pending through metadata', pending: 'metadata reason' do
      expect('a').to eq('b')
    end

    it 'is fixed through metadata', pending: 'metadata fix' do
      expect('a').to eq('a')
    end

    it 'is not implemented yet'
  end

  describe 'skip' do
    it 'is skipped with a reason' do
      skip 'not on this platform'
      expect(1).to eq(2)
    end

    it 'is skipped without a reason' do
      skip
    end

    it 'is skipped halfway through' do
      expect(1).to eq(1)
      skip 'rest not ready'
      expect(1).to eq(2)
    end

    it 'is skipped through metadata', skip: 'metadata skip' do
      expect(1).to eq(2)
    end

    it 'is skipped with a bare symbol', :skip do
      expect(1).to eq(2)
    end

    xit 'is temporarily skipped with xit' do
      expect(1).to eq(2)
    end

    xspecify 'is temporarily skipped with xspecify' do
      expect(1).to eq(2)
    end
  end

  xcontext 'a skipped context' do
    it('is skipped with its context') { expect(1).to eq(2) }
  end

  context 'a passing neighbour' do
    example('still runs') { expect(:ok).to eq(:ok) }
    example { expect(:ok).to eq(:ok) }
  end
end
