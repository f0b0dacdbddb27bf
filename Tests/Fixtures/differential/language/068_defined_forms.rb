x = 1
@iv = 2
$gv_set = 3
def meth = 4
p defined?(x), defined?(@iv), defined?(@nope), defined?($gv_set), defined?(meth), defined?(puts), defined?(nope)
p defined?(String), defined?(Nope), defined?(x = 5), defined?(3 + 3), defined?(yield), defined?(super), defined?(nil), defined?(self)
p defined?(@@cv), defined?(String.new), defined?(x.succ)
