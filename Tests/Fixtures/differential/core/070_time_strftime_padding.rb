t = Time.utc(2024, 3, 5, 7, 8, 9)
puts t.strftime("%d/%m/%y %-d/%-m %e %H %-H %I %-I %l %M %S %L %p %P %j %U %u %w %y %C %b %^b %h %a %^a")
puts t.strftime("%F %T %D %R %r %c") rescue puts "unsupported"
puts t.strftime("%10Y|%-10d|%03H") rescue puts "unsupported"
