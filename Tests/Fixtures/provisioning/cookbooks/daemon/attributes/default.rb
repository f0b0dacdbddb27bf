default['daemon']['port'] = 8800
default['daemon']['greeting'] = 'hello from the daemon'
