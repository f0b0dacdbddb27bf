ROLES = %w[web db].freeze
DEFAULTS = { port: 80 }.freeze
p ROLES.frozen?, DEFAULTS.frozen?, ROLES.map(&:upcase), DEFAULTS.merge(port: 81), DEFAULTS
begin
  ROLES << "cache"
rescue => e
  p e.class
end
