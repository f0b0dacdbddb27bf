name 'hello_lb'
version '1.1.0'
description 'HAProxy in front of the hello web nodes, routing around a dead one'
license 'Apache-2.0'
