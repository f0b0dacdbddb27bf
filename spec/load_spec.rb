require 'spec_helper'

describe hello_server(:lb) do
  before { wait_until_both_web_nodes_serve }
  after { wait_until_both_web_nodes_serve }

  it 'takes 2,000 requests at concurrency 16 without a failure' do
    # HAProxy tries a request up to 4 times (0.5 s to connect, 1 s to answer, each): the
    # client waits longer than that, so what is counted is the load balancer's answer.
    result = load(http('http://lb/'), requests: 2000, concurrency: 16, timeout: 10)
    expect(result.requests).to eq(2000)
    expect(result.failures).to eq(0)
    expect(result.statuses).to eq(200 => 2000)
  end
end
