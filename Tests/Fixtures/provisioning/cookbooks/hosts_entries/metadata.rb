name 'hosts_entries'
version '0.1.0'
description 'Entries in a hosts file of its own, through the hostsfile cookbook'
depends 'hostsfile'
