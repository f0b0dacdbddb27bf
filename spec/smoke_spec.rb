require 'spec_helper'

describe hello_server(:lb) do
  describe http('http://lb/') do
    it 'says hello world' do
      expect(response.status).to eq(200)
      expect(response.body).to eq("hello world\n")
    end

    # HAProxy takes a web node out while its health check fails (under load, after a
    # fault) and back when it passes: both serve again within seconds.
    it 'sends requests to both web nodes' do
      wait_until_both_web_nodes_serve
      expect(backends_behind_lb(10) - web_nodes).to be_empty
    end
  end
end

%w[web1 web2].each do |name|
  describe hello_server(name) do
    describe http('http://web:8080/') do
      it 'answers directly' do
        expect(response.status).to eq(200)
        expect(response.body).to eq("hello world\n")
      end
    end
  end
end

describe hello_server(:db) do
  describe pgsql_query('SELECT message FROM greetings', dbname: 'hello') do
    it 'holds the greeting' do
      expect(results.map { |row| row['message'] }).to eq(['hello world'])
    end
  end
end
