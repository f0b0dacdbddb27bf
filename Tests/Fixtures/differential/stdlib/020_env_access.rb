ENV["SOUS_SNIPPET_X"] = "value"
p ENV["SOUS_SNIPPET_X"], ENV.fetch("SOUS_SNIPPET_X"), ENV.fetch("SOUS_UNSET_VAR", "default"), ENV["SOUS_UNSET_VAR"]
p ENV.key?("SOUS_SNIPPET_X"), ENV.include?("SOUS_UNSET_VAR"), ENV.to_h.is_a?(Hash), ENV.to_h["SOUS_SNIPPET_X"]
p ENV.delete("SOUS_SNIPPET_X"), ENV["SOUS_SNIPPET_X"], ENV.fetch("SOUS_UNSET_VAR") { |k| "block #{k}" }
begin
  ENV.fetch("SOUS_UNSET_VAR")
rescue KeyError => e
  p e.message
end
