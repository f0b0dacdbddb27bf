require_relative '../../differential-libraries/machine_stub'

machine 'mario' do
  tag 'itsa_me'
  converge true
end
puts $machines.map(&:to_s)
p $machines.first.converge
