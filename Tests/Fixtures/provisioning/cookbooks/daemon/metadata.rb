name 'daemon'
version '0.1.0'
description 'A small daemon (python3 http.server) run as its own user under an init script'
