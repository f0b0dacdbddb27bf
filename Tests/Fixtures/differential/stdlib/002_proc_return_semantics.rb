def run_proc
  pr = proc { return :from_proc }
  pr.call
  :after_proc
end
def run_lambda
  la = -> { return :from_lambda }
  la.call
  :after_lambda
end
p run_proc, run_lambda
def each_returning
  [1, 2, 3].each { |x| return x * 10 if x == 2 }
  :none
end
p each_returning
