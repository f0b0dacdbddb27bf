# Run on a machine by `sous client` during its converge stage: leaves a mark where the
# machine's attributes say.
file node['marker']['path'] do
  content "converged #{node.name} with run list #{node.run_list}\n"
end
