def twice
  return :no_block unless block_given?
  [yield(1), yield(2)]
end
p twice { |x| x * 10 }
p twice
def pairs = yield([1, 2])
p pairs { |a, b| "#{a}-#{b}" }
p pairs { |a| a }
def multi = yield 1, 2
p multi { |a| a }
p multi { |*a| a }
