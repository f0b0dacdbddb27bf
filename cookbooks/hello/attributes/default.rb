# Where the demo writes its site; `make demo` puts it under .build/demo.
default['hello']['root'] = ENV.fetch('HELLO_ROOT', '/tmp/sous-hello')
default['hello']['greeting'] = 'Hello from sous'
default['hello']['servers'] = %w[hello-web1 hello-web2 hello-web3]
default['hello']['port'] = 8080
