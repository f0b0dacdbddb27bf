name 'marker'
version '0.1.0'
