PREFIX = ENV.fetch('HELLO_PREFIX', '') unless defined?(PREFIX)

describe server(:"#{PREFIX}lb") do
  it 'fails after its fault, which is restored all the same' do
    result = heartbeat(http('http://lb/'), requests: 100, interval: 0.005) do
      fault :partition, server(:"#{PREFIX}web1"), at: 0.5
    end
    expect(result.dropped).to eq(-1)
  end
end
