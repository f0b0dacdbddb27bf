p %w[a\ b c], %w(x\) y), %q(a\)b), %Q(tab\tx), %i(a\ b) rescue p $!
p %r{/etc/(\w+)}.match("/etc/hosts")[1], %r[a]i, %x(echo hi).class rescue p $!.class
