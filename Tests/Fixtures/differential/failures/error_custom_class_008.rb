# expect: DeployError at line 5
class DeployError < StandardError; end
def deploy(host)
  puts "deploying #{host}"
  raise DeployError, "#{host} did not answer"
end
deploy("db1")
