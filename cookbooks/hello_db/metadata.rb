name 'hello_db'
version '1.1.0'
description 'PostgreSQL holding the hello greeting, open to the hello web nodes only'
license 'Apache-2.0'
