class Account
  def initialize(balance) = @balance = balance
  def >(other) = balance > other.balance
  def report = "balance #{secret_format}"
  protected
  def balance = @balance
  private
  def secret_format = format("%.2f", @balance)
  public
  def visible = :yes
end
a = Account.new(10)
b = Account.new(5)
p a > b, a.report, a.visible
[-> { a.balance }, -> { a.secret_format }].each do |l|
  l.call
rescue NoMethodError => e
  puts e.message.sub(/#<Account.*>/, "an account")
end
