require_relative '../../differential-libraries/machine_stub'

def cluster_name = "prod"
def helper_tag(x) = "#{cluster_name}-#{x}"
machine 'db' do
  tag helper_tag("db")
  attributes cluster: cluster_name
end
puts $machines.last
