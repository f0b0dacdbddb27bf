require_relative '../../differential-libraries/machine_stub'

[:allocate, :ready, :converge, :destroy].each do |a|
  machine 'x' do
    action a
  end
end
p $machines.map(&:actions)
machine('y') { action [:ready, :setup, :converge] }
p $machines.last.actions
