# A package from a .deb file the machine was given (no archive needed).
dpkg_package 'sous-test-greeting' do
  source node['daemon']['deb']
end
