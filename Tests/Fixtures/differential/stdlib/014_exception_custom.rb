class DeployError < StandardError
  def initialize(msg = "deploy failed") = super
end
class RetryableError < DeployError; end
class WithData < StandardError
  attr_reader :host
  def initialize(host)
    @host = host
    super("host #{host} unreachable")
  end
end
[-> { raise DeployError }, -> { raise RetryableError, "custom" }, -> { raise WithData.new("db1") }, -> { raise DeployError.new("x") }].each do |l|
  begin
    l.call
  rescue DeployError => e
    p [:deploy, e.class, e.message, e.is_a?(StandardError)]
  rescue => e
    p [:other, e.class, e.message, e.host]
  end
end
p DeployError.new.message, RetryableError.ancestors.take(3)
