p %q(single 'quoted' #{x})
p %Q(double "quoted" #{1 + 1})
p %(default is double #{2 * 3})
p %q!bang!
p %Q[square [nested] #{:ok}]
p %q{brace {nested}}
