# Heartbeats the hello cluster tests run beside its own specs (HELLO_PREFIX names its machines).
PREFIX = ENV.fetch('HELLO_PREFIX', '')

describe server(:"#{PREFIX}web1") do
  it 'drops the requests sent to it while it is down' do
    # Straight at the web node: there is no load balancer to turn to.
    result = heartbeat(http('http://web1:8080/'), requests: 200, interval: 0.005) do
      fault :kill, server(:"#{PREFIX}web1"), at: 0.5
    end
    expect(result.requests).to eq(200)
    expect(result.dropped).to be_between(80, 100)
    expect(result.drops.map(&:first).min).to be_between(100, 120)
  end
end
