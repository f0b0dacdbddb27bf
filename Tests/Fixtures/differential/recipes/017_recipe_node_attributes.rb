default = Hash.new { |h, k| h[k] = Hash.new(&h.default_proc) }
default["app"]["port"] = 8080
default["app"]["workers"] = 4
override = { "app" => { "workers" => 8 } }
def merge_attrs(base, over)
  base.merge(over) { |_k, a, b| a.is_a?(Hash) && b.is_a?(Hash) ? merge_attrs(a, b) : b }
end
merged = merge_attrs(default, override)
p merged, merged["app"]["workers"], merged.dig("app", "port"), default["missing"]["deep"].class
