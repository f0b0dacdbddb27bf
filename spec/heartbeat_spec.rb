require 'spec_helper'

# A request every 5 ms through the load balancer while a web node fails halfway: not one
# may go unanswered. The fault is undone after the last request, and each example leaves the
# cluster as it found it: both web nodes behind the load balancer. Each request may wait as
# long as the load balancer's own retries take (up to 6 s): an answer that late is slow, not
# lost, and shows in the longest gap.
describe hello_server(:lb) do
  before { wait_until_both_web_nodes_serve }
  after { wait_until_both_web_nodes_serve }

  { kill: 'killed', partition: 'cut off' }.each do |fault_kind, what|
    it "loses no request while web1 is #{what}" do
      result = heartbeat(http('http://lb/'), requests: 1000, interval: 0.005, timeout: 10) do
        fault fault_kind, hello_server(:web1), at: 0.5
      end
      expect(result.requests).to eq(1000)
      expect(result.dropped).to eq(0)
    end
  end
end
