name 'site'
version '1.0.0'
description 'A cookbook the converge tests run: every resource that acts on this machine'
