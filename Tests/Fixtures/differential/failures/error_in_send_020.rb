# expect: RuntimeError at line 4
class Runner
  def go(x)
    raise "send failed with #{x}"
  end
end
Runner.new.send(:go, 7)
