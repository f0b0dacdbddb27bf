# expect: ZeroDivisionError at line 4
class Calc
  define_method(:divide) do |a|
    a / 0
  end
end
Calc.new.divide(3)
