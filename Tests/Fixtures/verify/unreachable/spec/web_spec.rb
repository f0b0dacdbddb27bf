# web1 is a node of a Chef server that does not answer: the specs cannot run.
describe server(:web1) do
  describe http('http://web1/') do
    it('answers') { expect(response.status).to eq(200) }
  end
end
