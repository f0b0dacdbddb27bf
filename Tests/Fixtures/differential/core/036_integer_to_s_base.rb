p 255.to_s(2), 255.to_s(16), 255.to_s(8), -10.to_s(2), 0.to_s(2), 35.to_s(36)
p "11111111".to_i(2), 0b1111.to_s
p 1234567.digits, 10.digits(2) rescue p $!
