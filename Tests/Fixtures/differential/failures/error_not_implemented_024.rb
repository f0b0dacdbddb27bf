# expect: NotImplementedError at line 4
class Driver
  def allocate_machine
    raise NotImplementedError, "#{self.class} must implement allocate_machine"
  end
end
class NullDriver < Driver; end
NullDriver.new.allocate_machine
