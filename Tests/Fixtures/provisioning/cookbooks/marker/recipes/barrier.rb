# Proves that the machines of a batch converge at the same time: each marks that it started,
# then waits (bounded, 30 s) until every machine of the batch has; machines converged one
# after another would never all be there.
dir = node['barrier']['dir']
count = node['barrier']['count']
execute "barrier for #{node.name}" do
  command "touch #{dir}/started-#{node.name}; " \
          "for i in $(seq 300); do [ $(ls #{dir} | grep -c '^started-') -ge #{count} ] && exit 0; sleep 0.1; done; " \
          "echo 'the other machines of the batch never started' >&2; exit 1"
end
