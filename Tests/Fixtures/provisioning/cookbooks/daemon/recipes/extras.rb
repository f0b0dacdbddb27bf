# What else a server's cookbook writes: a cron.d entry, and a systemd unit (its file only,
# where systemd does not run).
cron_d 'daemon-cleanup' do
  minute '*/5'
  user 'daemon-user'
  command "find /srv/daemon -name '*.tmp' -delete"
  environment 'GREETING' => 'hello there'
end

systemd_unit 'daemon.service' do
  content 'Unit' => { 'Description' => 'The daemon cookbook' },
          'Service' => { 'ExecStart' => '/etc/init.d/daemon start', 'Type' => 'forking' },
          'Install' => { 'WantedBy' => 'multi-user.target' }
  action :create
end
