require_relative '../../differential-libraries/machine_stub'

role = "web"
port = 8080
machine "#{role}1" do
  tag role, "port-#{port}"
  attributes app: { port: port }
end
puts $machines.last
