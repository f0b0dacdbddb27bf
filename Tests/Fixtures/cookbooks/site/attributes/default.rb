default['site']['root'] = ENV.fetch('SITE_ROOT')
default['site']['workers'] = 4
default['site']['names'] = %w[alpha beta gamma]
