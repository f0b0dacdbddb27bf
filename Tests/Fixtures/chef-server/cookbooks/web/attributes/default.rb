default['web']['port'] = 80
default['web']['greeting'] = 'hello from the cookbook'
