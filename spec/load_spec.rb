require 'spec_helper'

describe hello_server(:lb) do
  before { wait_until_both_web_nodes_serve }
  after { wait_until_both_web_nodes_serve }

  it 'takes 2,000 requests at concurrency 16 without a failure' do
    result = load(http('http://lb/'), requests: 2000, concurrency: 16)
    expect(result.requests).to eq(2000)
    expect(result.failures).to eq(0)
    expect(result.statuses).to eq(200 => 2000)
  end
end
