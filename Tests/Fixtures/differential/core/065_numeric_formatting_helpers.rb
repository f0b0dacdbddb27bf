def human(bytes)
  units = %w[B KB MB GB]
  size = bytes.to_f
  unit = units.shift
  while size >= 1024 && !units.empty?
    size /= 1024
    unit = units.shift
  end
  format("%.1f %s", size, unit)
end
p human(512), human(2048), human(5_368_709_120), human(1536)
p 1234567.to_s.reverse.scan(/\d{1,3}/).join(",").reverse, 0.1234.round(2)
