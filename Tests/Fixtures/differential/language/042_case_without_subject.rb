n = 15
r = case
    when n % 15 == 0 then "FizzBuzz"
    when n % 3 == 0 then "Fizz"
    else n
    end
p r
roles = %w[web db]
case "db"
when *roles then puts "known role"
end
case 4
when ..3 then p :low
when 4.. then p :high
end
