p "".size, "" * 5, "abc" * 0, "a".ljust(0), "".upcase, "".split, "".chars, "".reverse
p "abc".start_with?(""), "abc".include?(""), "abc".index(""), "aaa".count("a")
p "Hello".delete_prefix("He"), "Hello".delete_suffix("lo"), "  x  ".squeeze(" ")
p "hello"*2 == "hellohello", "a".upto("e").to_a
