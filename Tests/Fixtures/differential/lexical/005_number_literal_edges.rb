p 1_000.5 rescue p $!
p 0.1e1, 1e+2, 1E2, 5e-1, 0x_f rescue p $!.class
p 07, 0_7, 1_2_3, 0b1_0, -0x10, 10.0e-2
