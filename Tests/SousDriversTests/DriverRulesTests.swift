@testable import SousDrivers
import SousProvisioning
import SousSSH
import SousSupport
import Testing

/// The drivers' rules that need no root, no namespace and no machine: which subnet a local
/// cluster takes, what names and options it accepts, how the ssh driver reads
/// chef-provisioning's `transport_options`, and the registry that finds a driver by URL.
@Suite struct DriverRulesTests {
    /// `ip -4 route show table all` as iproute2 prints it: typed routes (`local`,
    /// `broadcast`) are routes too, a default route names no subnet.
    static let routeTable = """
        default via 172.17.0.1 dev eth0
        172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.5
        192.168.50.0/24 via 172.17.0.9 dev eth0 proto static
        local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1
        broadcast 172.17.255.255 dev eth0 table local proto kernel scope link src 172.17.0.5
        """

    @Test func routesAreReadFromIPRouteOutput() {
        let routes = HostNetwork.routes(inIPRouteOutput: Self.routeTable)
        #expect(routes.map { "\($0.subnet) \($0.device ?? "-")" } == [
            "172.17.0.0/16 eth0", "192.168.50.0/24 eth0", "127.0.0.0/8 lo", "172.17.255.255/32 eth0",
        ])
    }

    /// A cluster with no subnet asked for gets a /24 of 10.0.0.0/8 chosen from its name: the
    /// same on every run, clear of every route and of the other clusters' subnets.
    @Test func aClusterGetsAFreeSubnetOfItsOwn() throws {
        let routes = HostNetwork.routes(inIPRouteOutput: Self.routeTable)
        let first = try LocalCluster.chooseSubnet(nil, cluster: "demo", routes: routes, taken: [])
        #expect(first.prefix == 24 && IPv4Subnet("10.0.0.0/8")!.overlaps(first))
        #expect(try LocalCluster.chooseSubnet(nil, cluster: "demo", routes: routes, taken: []) == first)

        // Taken by another cluster, or reached by a route: the next free /24.
        let afterTaken = try LocalCluster.chooseSubnet(nil, cluster: "demo", routes: routes, taken: [first])
        #expect(afterTaken != first && afterTaken.prefix == 24)
        let routed = routes + [(subnet: first, device: "tun0")]
        #expect(try LocalCluster.chooseSubnet(nil, cluster: "demo", routes: routed, taken: []) == afterTaken)

        // A host that routes all of 10.0.0.0/8 somewhere leaves nothing to choose.
        let everything = routes + [(subnet: IPv4Subnet("10.0.0.0/8")!, device: "vpn0")]
        #expect(throws: LocalDriverError.self) { try LocalCluster.chooseSubnet(nil, cluster: "demo", routes: everything, taken: []) }
    }

    /// A subnet asked for is taken as given if it is a /16 to /29 that no route overlaps;
    /// otherwise the refusal names the route in the way.
    @Test func aRequestedSubnetMustBeFreeAndSensible() throws {
        let routes = HostNetwork.routes(inIPRouteOutput: Self.routeTable)
        #expect(try LocalCluster.chooseSubnet("10.42.7.0/24", cluster: "c", routes: routes, taken: []) == IPv4Subnet("10.42.7.0/24"))
        for bad in ["10.42.7.0/30", "10.0.0.0/15", "10.42.7", "not a subnet"] {
            let error = #expect(throws: LocalDriverError.self) { try LocalCluster.chooseSubnet(bad, cluster: "c", routes: routes, taken: []) }
            #expect(error?.description == "subnet \(bad.debugDescription) is not an IPv4 network from /16 to /29 (like 10.42.7.0/24)")
        }
        let overlap = #expect(throws: LocalDriverError.self) { try LocalCluster.chooseSubnet("192.168.50.128/25", cluster: "c", routes: routes, taken: []) }
        #expect(overlap?.description == "subnet 192.168.50.128/25 overlaps this host's route to 192.168.50.0/24 (dev eth0); choose a subnet that no route uses")
    }

    /// `local` is the default cluster, `local:NAME` a named one (a name that becomes part
    /// of links and namespaces: lowercase letters, digits and `-`, at most 32).
    @Test func clusterNamesComeFromTheDriverURL() throws {
        #expect(try LocalCluster.name(fromURL: "local") == "default")
        #expect(try LocalCluster.name(fromURL: "local:dev-2") == "dev-2")
        for bad in ["local:", "local:Dev", "local:a_b", "local:-x", "local:" + String(repeating: "a", count: 33)] {
            #expect(throws: LocalDriverError.self, "\(bad)") { try LocalCluster.name(fromURL: bad) }
        }
        #expect(LocalDriver.problem(inHostName: "web-1") == nil)
        #expect(LocalDriver.problem(inHostName: "_web")?.contains("starts with \"_\"") == true)
        #expect(LocalDriver.problem(inHostName: String(repeating: "a", count: 64))?.contains("at most 63") == true)
    }

    /// `mounts`: a list of host folders (mounted at the same path) or host => machine pairs,
    /// read-only either way; anything else is refused.
    @Test func mountsAreListsOrPairs() throws {
        let list = try LocalDriver.binds(try JSON.parse(#"{"mounts": ["/srv/app"]}"#))
        #expect(list.map { "\($0.source)>\($0.target) \($0.readOnly)" } == ["/srv/app>/srv/app true"])
        let pairs = try LocalDriver.binds(try JSON.parse(#"{"mounts": {"/home/me/app": "/opt/app"}}"#))
        #expect(pairs.map { "\($0.source)>\($0.target) \($0.readOnly)" } == ["/home/me/app>/opt/app true"])
        #expect(try LocalDriver.binds(.object([])).isEmpty)
        #expect(throws: LocalDriverError.self) { try LocalDriver.binds(try JSON.parse(#"{"mounts": "/srv"}"#)) }
    }

    /// chef-provisioning-ssh's `transport_options`: the host from ip_address, host or
    /// hostname; user `root` unless `username`; keys, then the agent unless `keys_only`,
    /// then a password; host keys checked unless `verify_host_key` says never.
    @Test func theSSHDriverReadsTransportOptions() throws {
        let options = try JSON.parse(#"""
            {"transport_options": {"ip_address": "10.0.0.7", "username": "ops", "port": 2222,
             "ssh_options": {"keys": ["/keys/id_ed25519"], "password": "pw", "user_known_hosts_file": "/keys/known",
                             "verify_host_key": "accept_new"}}}
            """#)
        let target = try SSHDriver.target(for: "web", options: options)
        #expect(target.host == "10.0.0.7" && target.port == 2222 && target.user == "ops")
        #expect(target.openSSHArguments == ["-p", "2222", "-l", "ops", "-o", "UserKnownHostsFile=/keys/known", "-o", "StrictHostKeyChecking=yes",
                                            "-i", "/keys/id_ed25519", "10.0.0.7"])
        guard case .recordFirstContact(file: "/keys/known") = target.hostKeys else {
            Issue.record("accept_new records a new machine's first key: \(target.hostKeys)")
            return
        }
        let plain = try SSHDriver.target(for: "db", options: try JSON.parse(#"{"transport_options": {"hostname": "db.internal", "ssh_options": {"verify_host_key": false}}}"#))
        #expect(plain.user == "root" && plain.port == 22)
        guard case .acceptAnything = plain.hostKeys else {
            Issue.record("verify_host_key false checks nothing: \(plain.hostKeys)")
            return
        }
        // The record kept on the Chef server holds no password or key material.
        #expect(SSHDriver.withoutSecrets(options).dig("transport_options", "ssh_options", "password") == nil)
        #expect(SSHDriver.withoutSecrets(options).dig("transport_options", "ssh_options", "keys") == .array([.string("/keys/id_ed25519")]))

        let error = #expect(throws: ProvisioningError.self) { try SSHDriver.target(for: "web", options: .object([])) }
        guard case .noHost(machine: "web")? = error else {
            Issue.record("a machine with no host is refused by name: \(String(describing: error))")
            return
        }
    }

    /// The registry makes one driver per URL and names the schemes it knows when asked for
    /// one it does not.
    @Test func theRegistryFindsDriversByScheme() throws {
        let registry = BuiltInDrivers.registry()
        #expect(registry.schemes == ["aws", "local", "ssh"])
        #expect(try registry.driver(for: "ssh") === registry.driver(for: "ssh"))
        #expect(try registry.driver(for: "local:a") !== registry.driver(for: "local:b"))
        let error = #expect(throws: ProvisioningError.self) { try registry.driver(for: "vagrant:~/vms") }
        guard case .unknownDriver(url: "vagrant:~/vms", scheme: "vagrant", known: ["aws", "local", "ssh"])? = error else {
            Issue.record("an unknown scheme is refused with the known ones: \(String(describing: error))")
            return
        }
    }
}
