require 'spec_helper'

RSpec.describe 'strings' do
  let(:greeting) { 'hello world' }

  describe 'include' do
    it('passes') { expect(greeting).to include('lo wo', 'hello') }
    it('fails with several substrings') { expect(greeting).to include('hello', 'there', 'apache') }
    it('fails when negated') { expect(greeting).not_to include('world') }
  end

  describe 'start_with and end_with' do
    it 'passes' do
      expect(greeting).to start_with('hello')
      expect(greeting).to end_with('world')
      expect(greeting).not_to start_with('world')
      expect([1, 2, 3]).to start_with(1, 2)
    end

    it('fails start_with') { expect(greeting).to start_with('goodbye') }
    it('fails end_with negated') { expect(greeting).to_not end_with('ld') }
    it('is skipped on start_with') { skip; expect(greeting).to start_with('x') }
  end

  describe 'match' do
    it 'passes' do
      expect(greeting).to match(/wor/)
      expect('nginx/1.18').to match(%r{\Anginx/\d+\.\d+\z})
      expect(greeting).not_to match(/apache/)
    end

    it('fails') { expect(greeting).to match(/nginx/) }
    it('fails on a multi-line string') { expect("first\nsecond\n").to match(/third/) }
    it 'is pending on a negated match' do
      pending 'regexp too loose'
      expect(greeting).not_to match(/o w/)
    end
  end
end
