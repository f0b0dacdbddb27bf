name 'app'
version '2.0.0'
depends 'base'
