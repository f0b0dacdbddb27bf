# Removes, in this machine only, a package the host has installed.
package node['daemon']['package_to_remove'] do
  action :remove
end
