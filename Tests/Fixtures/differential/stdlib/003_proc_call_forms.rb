add = proc { |a, b| (a || 0) + (b || 0) }
p add.call(1, 2), add.(3, 4), add[5, 6], add.yield(1), add.call([7, 8])
def takes_block(&b) = b
blk = takes_block { |x| x * 2 }
p blk.call(21), blk.class, [1, 2].map(&blk)
def run = yield
p run(&-> { :lambda_as_block })
