transport_options = {
  'ip_address' => '192.168.1.10',
  :username => 'deploy',
  'ssh_options' => { :port => 2222, 'keys' => ['~/.ssh/id_ed25519'] },
}
def indifferent(h)
  h.each_with_object({}) do |(k, v), out|
    out[k.to_sym] = v.is_a?(Hash) ? indifferent(v) : v
  end
end
p indifferent(transport_options)
p transport_options.keys.map(&:class).uniq
