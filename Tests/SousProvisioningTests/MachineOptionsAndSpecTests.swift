import SousProvisioning
import SousSupport
import Testing

/// chef-provisioning's rules, without a binary, a server or root.
@Suite struct MachineOptionsAndSpecTests {
    /// Option precedence (chef-provisioning's `MergedConfig`): sources highest first, the first
    /// source wins for a plain value, hashes merge deeply.
    @Test func machineOptionsMergeFirstSourceWinning() throws {
        let resource = try JSON.parse(#"{"transport_options":{"username":"root","ssh_options":{"port":2222}},"convergence_options":{"strategy":"none"}}"#)
        let recipe = try JSON.parse(#"{"transport_options":{"username":"admin","ip_address":"10.0.0.5","ssh_options":{"port":22,"keys":["k"]}},"ready_timeout":60}"#)
        let merged = MachineOptions.merge([resource, recipe])
        #expect(merged == (try JSON.parse("""
            {"transport_options":{"username":"root","ip_address":"10.0.0.5","ssh_options":{"port":2222,"keys":["k"]}},
             "convergence_options":{"strategy":"none"},"ready_timeout":60}
            """)))
        #expect(MachineOptions.merge([]) == .object([]))
        #expect(MachineOptions.merge([.object([]), recipe]) == recipe)
    }

    /// A machine's record is its node's `normal.chef_provisioning` (`driver_url`, `reference`),
    /// as chef-provisioning stores it; a node without one is no machine.
    @Test func aSpecReadsItsRecordFromTheNode() throws {
        let node = try JSON.parse(#"""
            {"name":"web1","normal":{"chef_provisioning":{"driver_url":"ssh","reference":{"driver_url":"ssh","host":"10.0.0.5"}}}}
            """#)
        let spec = MachineSpec(name: "web1", node: node)
        #expect(spec.driverURL == "ssh")
        #expect(spec.reference?["host"]?.stringValue == "10.0.0.5")
        let plain = MachineSpec(name: "db1", node: try JSON.parse(#"{"name":"db1","normal":{"tags":["db"]}}"#))
        #expect(plain.driverURL == nil && plain.reference == nil)
        #expect(MachineSpec(name: "new", node: nil).reference == nil)
    }
}
