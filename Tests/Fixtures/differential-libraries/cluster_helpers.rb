# A cookbook-style library that differential snippets load with require_relative.
module ClusterHelpers
  DEFAULT_DOMAIN = "example.test"

  def self.fqdn(name, domain = DEFAULT_DOMAIN) = "#{name}.#{domain}"

  def web_names(count) = (1..count).map { |i| "web#{i}" }
end

class Chef
  module DSL
    module Recipe
    end
  end
end

module Chef::DSL::Recipe
  include ClusterHelpers
end
