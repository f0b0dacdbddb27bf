module Loggable
  def log(msg) = "[#{self.class.name}] #{msg}"
end
module Retryable
  def attempts = 3
end
class Job
  include Loggable
  include Retryable
end
p Job.new.log("start"), Job.new.attempts, Job.ancestors.take(4), Job.include?(Loggable), Job.new.is_a?(Retryable)
p Loggable.instance_methods, Job.instance_methods(false)
