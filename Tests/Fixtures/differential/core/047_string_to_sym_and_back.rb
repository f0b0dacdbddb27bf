keys = %w[name port ssl]
h = keys.to_h { |k| [k.to_sym, k.length] }
p h, h.keys.map(&:to_s), :port.to_proc.call({ port: 1 }) rescue p $!.class
p "with space".to_sym, :"with space".to_s, "CamelCase".gsub(/([a-z])([A-Z])/, '\1_\2').downcase
