describe 'the greeting' do
  it('is polite') { expect('hello world').to start_with('hello') }
  it('is in French') { expect('hello world').to eq('bonjour le monde') }
end
