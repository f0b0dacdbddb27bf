PREFIX = ENV.fetch('HELLO_PREFIX', '') unless defined?(PREFIX)

describe server(:"#{PREFIX}lb") do
  it 'is interrupted while web1 is down' do
    heartbeat(http('http://lb/'), requests: 6000, interval: 0.005) do
      fault :kill, server(:"#{PREFIX}web1"), at: 0.02
    end
  end
end
