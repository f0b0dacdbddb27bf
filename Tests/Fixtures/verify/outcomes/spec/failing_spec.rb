# Known outcomes: one example passes, two fail.
describe 'greeting' do
  let(:greeting) { 'hello world' }

  it('starts with hello') { expect(greeting).to start_with('hello') }
  it('says goodbye') { expect(greeting).to eq('goodbye') }
  it('shouts') { expect(greeting).to match(/WORLD/) }
end
