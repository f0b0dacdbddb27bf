p "hello".tr("el", "ip"), "hello".tr("a-y", "b-z"), "hello".tr("^l", "*"), "hello".tr("lo", "")
p "aaabbbccc".squeeze, "mississippi".squeeze("sp"), "hello world".delete("l"), "hello".count("l"), "hello".count("a-h")
p "a-b c".tr("-", " "), "path/with/slashes".tr("/", "_")
