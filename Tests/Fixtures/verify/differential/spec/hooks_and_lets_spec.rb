require 'spec_helper'

HOOK_LOG = []

RSpec.describe 'hooks' do
  before(:all) { HOOK_LOG << :before_all }
  before(:each) { HOOK_LOG << :before_each }
  after(:each) { HOOK_LOG << :after_each }
  after(:all) { HOOK_LOG << :after_all }

  it 'runs before hooks first' do
    expect(HOOK_LOG).to eq([:before_all, :before_each])
  end

  it 'runs after hooks between examples' do
    expect(HOOK_LOG).to eq([:before_all, :before_each, :after_each, :before_each])
  end

  it 'fails on the wrong log' do
    expect(HOOK_LOG.last(2)).to eq([:before_each, :before_all])
  end

  context 'with context hooks' do
    before(:context) { @shared = [:context] }
    before { @shared << :example }
    after(:context) { HOOK_LOG << :after_context }

    it('sees both hooks') { expect(@shared).to eq([:context, :example]) }
    it('shares the context state') { expect(@shared).to eq([:context, :example, :example]) }
    it('fails on the context state') { expect(@shared).not_to include(:context) }
  end
end

RSpec.describe 'after hooks' do
  it 'saw after(:context) and after(:all) of the previous group' do
    expect(HOOK_LOG.last(3)).to eq([:after_each, :after_context, :after_all])
  end
end

RSpec.describe 'lets' do
  let(:calls) { [] }
  let(:lazy) { calls << :lazy; 10 }
  let!(:eager) { calls << :eager; 20 }

  it 'evaluates let! before the example' do
    expect(calls).to eq([:eager])
  end

  it 'evaluates let lazily and memoizes it' do
    lazy
    lazy
    expect(calls).to eq([:eager, :lazy])
  end

  it('fails on a let value') { expect(lazy + eager).to eq(31) }

  describe 'subject' do
    subject { lazy * 2 }

    it { is_expected.to eq 20 }
    it { is_expected.to eq 21 }
    it { is_expected.not_to eq 20 }
    it { expect(subject).to be_even }
    it {}
  end

  describe 'named subject' do
    subject(:total) { lazy + eager }

    it('is usable by name and as subject') { expect(total).to eq(30); is_expected.to eq(30) }
    it('fails by name') { expect(total).to be < 30 }
  end

  describe 'change' do
    let(:items) { [] }

    it 'passes' do
      expect { items << 1 }.to change { items.size }.by(1)
      expect { items << 2 }.to change { items.size }.from(1).to(2)
      expect { items.dup }.not_to change { items.size }
    end

    it('fails by') { expect { items << 1 }.to change { items.size }.by(2) }
    it('fails from/to') { expect { items << 1 }.to change { items.size }.from(1).to(2) }
    it('fails when negated') { expect { items.push(1, 2) }.not_to change { items.size } }
    it('fails when nothing changes') { expect { items.dup }.to change { items.length } }
    it('fails with a receiver form') { expect { items.clear }.to change(items, :size).by(1) }
  end
end
