def early(x)
  return :negative if x < 0
  return x, x * 2 if x > 10
  :small
end
p early(-1), early(20), early(5)
def implicit = if true then :yes else :no end
p implicit
def nothing; end
p nothing
