package 'sous-no-such-package'
