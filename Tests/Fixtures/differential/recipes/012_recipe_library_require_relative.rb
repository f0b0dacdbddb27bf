require_relative '../../differential-libraries/cluster_helpers'
include Chef::DSL::Recipe
p web_names(3), ClusterHelpers.fqdn("db1"), ClusterHelpers::DEFAULT_DOMAIN, Chef::DSL::Recipe.include?(ClusterHelpers)
require_relative '../../differential-libraries/cluster_helpers'
p :loaded_once
