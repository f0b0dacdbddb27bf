machine "web" do
  tags %w[a b]
  attributes foo: 1, "x": { y: [1, 2.5e3] }
end
