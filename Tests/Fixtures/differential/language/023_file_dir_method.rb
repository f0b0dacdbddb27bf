p File.basename(__FILE__)
p __dir__ == File.dirname(File.expand_path(__FILE__))
def who = __method__
p who
p __method__
