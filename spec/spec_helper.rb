# The hello cluster's specs: run with `sous verify -c knife/knife.rb [-E ENV]` once the
# cluster is up (make demo and make pipeline do both). Every server is a node on the Chef
# server, named as cookbooks/hello_cluster/recipes/cluster.rb names its machines: ENV- in
# front with -E ENV, or HELLO_PREFIX when set.
require 'infrataster/rspec'

HELLO_PREFIX = ENV.fetch('HELLO_PREFIX') { (environment = Infrataster.chef_environment) ? "#{environment}-" : '' }

def hello_server(name) = server(:"#{HELLO_PREFIX}#{name}")

def web_nodes = %w[web1 web2].map { |name| "#{HELLO_PREFIX}#{name}" }

# Which web node answered each of `count` requests through the load balancer (its X-Backend header).
def backends_behind_lb(count)
  Array.new(count) { hello_server(:lb).http('http://lb/').headers['X-Backend'] }
end

# Waits (at most `seconds`) until the load balancer sends requests to both web nodes again:
# a machine restarted after a fault rejoins once HAProxy's health check passes.
def wait_until_both_web_nodes_serve(seconds = 30)
  deadline = Time.now + seconds
  until (web_nodes - backends_behind_lb(6)).empty?
    raise "the load balancer did not send requests to both web nodes within #{seconds} s" if Time.now > deadline
    sleep 0.2
  end
end
