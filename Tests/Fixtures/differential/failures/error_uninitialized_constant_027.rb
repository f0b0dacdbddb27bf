# expect: NameError at line 4
# (Not under Chef: `sous apply` is chef-apply, where Chef is defined; Ruby names the first
# missing constant of a path.)
Acme::Provisioning::NoSuchDriver.new
