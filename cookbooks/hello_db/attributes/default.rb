default['hello_db']['postgresql_version'] = '15'
default['hello_db']['database'] = 'hello'
default['hello_db']['user'] = 'hello'
default['hello_db']['greeting'] = 'hello world'
