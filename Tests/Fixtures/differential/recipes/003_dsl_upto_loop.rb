require_relative '../../differential-libraries/machine_stub'

1.upto(3) do |i|
  machine "web#{i}" do
    tag "web", "index-#{i}"
    attributes "index" => i
  end
end
3.times { |i| machine("worker#{i}") }
puts $machines.map(&:name).join(",")
puts $machines[1]
