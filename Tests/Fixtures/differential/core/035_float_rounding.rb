p 2.5.round, 3.5.round, (-2.5).round, 1.25.round(1), 1.35.round(1), 2.675.round(2)
p 1234.5678.round(2), 1234.5678.round(-2), 1234.round(-2), 1250.round(-2), 1234.5678.floor(1), 1234.5678.ceil(-1)
p 3.7.floor, 3.2.ceil, -3.7.floor, -3.2.ceil, 3.99.truncate, -3.99.truncate, 3.7.to_i
p 10.0.round, 0.5.round, 1.5.round, 0.49999999999999994.round
