name 'hello_cluster'
description 'The hello cluster: a database, two app servers and a load balancer on the local driver'
version '1.1.0'
