describe 'the greeting' do
  it('is polite') { expect('hello world').to start_with('hello') }
end
