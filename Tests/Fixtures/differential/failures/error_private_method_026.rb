# expect: NoMethodError at line 7
class Vault
  private
  def secret = 42
end
puts "calling"
Vault.new.secret
