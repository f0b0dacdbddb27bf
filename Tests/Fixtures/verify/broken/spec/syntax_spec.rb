describe 'broken' do
  it 'never runs' do
    expect(1).to eq(1)
  # the end of this block is missing
end
