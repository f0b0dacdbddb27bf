class Driver
  attr_reader :url
  def initialize(url) = @url = url
  def describe(extra = nil) = "driver #{url}#{extra ? " #{extra}" : ""}"
  def self.scheme = "base"
end
class SshDriver < Driver
  def initialize(url, user:)
    super(url)
    @user = user
  end
  def describe(extra = "ssh")
    super + " as #{@user} / " + super()
  end
  def self.scheme = "ssh+" + super
end
d = SshDriver.new("ssh:host", user: "root")
p d.describe, d.url, SshDriver.scheme, SshDriver.superclass, d.is_a?(Driver), SshDriver < Driver, Driver <= SshDriver
