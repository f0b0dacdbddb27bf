class Host
  def name = "host"
  alias hostname name
  alias_method :fqdn, :name
  def name = "renamed"
end
h = Host.new
p h.name, h.hostname, h.fqdn
class String
  alias old_upcase upcase
end
p "x".old_upcase
$old = 1
alias $new_global $old
p $new_global
