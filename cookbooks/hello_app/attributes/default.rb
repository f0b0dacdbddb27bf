default['hello_app']['port'] = 8080
default['hello_app']['user'] = 'hello'
default['hello_app']['home'] = '/opt/hello'
