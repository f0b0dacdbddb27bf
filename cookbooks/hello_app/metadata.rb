name 'hello_app'
version '1.2.0'
description 'The hello application: the greeting from the database over HTTP'
license 'Apache-2.0'
