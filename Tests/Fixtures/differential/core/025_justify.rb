p "ab".center(6), "ab".center(7, "*"), "ab".ljust(5, "."), "ab".rjust(5), "ab".rjust(6, "12"), "long".center(2)
printf("%-8s|%8s|\n", "left", "right")
puts "Name".ljust(10) + "Size".rjust(6)
