import Foundation
import Testing
@testable import SousDrivers

/// The aws driver end to end: sous against moto's EC2, with a namespace machine and a real
/// sshd behind every running instance (`EC2Emulator`), and goiardi as the Chef server.
/// What EC2 holds is read from moto by the test, not from sous's output.
@Suite(.chefServer) struct AWSDriverTests {
    static let cookbooks = TestPaths.fixtures.appendingPathComponent("provisioning/cookbooks").path

    /// With `endpointInRecipe`, sous learns moto's URL only from the recipe's `aws_options`
    /// (and later from the specs), not from the environment.
    func run(_ recipe: String, _ emulator: EC2Emulator, _ label: String, endpointInRecipe: Bool = false,
             timeout: TimeInterval = 240) throws -> ProcessResult {
        let file = emulator.root.appendingPathComponent("\(label).rb")
        try recipe.write(to: file, atomically: false, encoding: .utf8)
        return try ProcessRunner.run(TestPaths.sous, ["-c", try ChefServerFixture.server.knifeRB, file.path],
                                     environment: emulator.environment(endpoint: !endpointInRecipe), timeout: timeout)
    }

    /// A recipe of machines on the emulator: a batch (whose action is the machines'), or one
    /// machine per name.
    func recipe(_ names: [String], _ emulator: EC2Emulator, action: String, strategy: String = "sous", readyTimeout: Int = 60,
                batch: Bool = true, marker: URL? = nil, endpointInRecipe: Bool = false, tags: String = "{ team: 'web', tier: 1 }",
                address: String = "transport_address_location: :private_ip,") -> String {
        let machines = names.map { name in
            """
              machine '\(name)' do
                \(marker == nil ? "" : "recipe 'marker'\n    attributes 'marker' => { 'path' => '\(marker!.path)/\(name)' }")
                action :\(action)
              end
            """
        }.joined(separator: "\n")
        return """
        require 'chef/provisioning/aws_driver'
        with_driver 'aws::us-east-1'
        with_machine_options bootstrap_options: { image_id: 'ami-1e749f67', instance_type: 't3.micro', key_name: '\(emulator.keyName)',
                                                  subnet_id: '\(emulator.subnetID)' },
                             ssh_username: 'root', \(address) ready_timeout: \(readyTimeout),
                             aws_tags: \(tags),\(endpointInRecipe ? " aws_options: { endpoint: '\(emulator.moto.url)' }," : "")
                             convergence_options: { strategy: '\(strategy)', chef_config: "cookbook_path '\(Self.cookbooks)'\\n" }
        \(batch ? "machine_batch do\n  action :\(action)\n\(machines)\nend" : machines)
        """
    }

    /// The instances moto holds for these nodes (by their sous:node tag), not terminated.
    func live(_ names: [String], _ emulator: EC2Emulator) throws -> [EC2Instance] {
        try emulator.instances().filter { names.contains($0.tags["sous:node"] ?? "") && $0.state != "terminated" }
    }

    @Test func aBatchOfThreeIsOneLaunchThenConvergedStoppedStartedAndDestroyed() throws {
        let server = try ChefServerFixture.server
        let emulator = try EC2Emulator()
        defer { emulator.stop() }
        let names = ["aws-batch-web1", "aws-batch-web2", "aws-batch-web3"]
        let marker = emulator.root.appendingPathComponent("markers")
        try FileManager.default.createDirectory(at: marker, withIntermediateDirectories: true)

        let first = try run(recipe(names, emulator, action: "converge", marker: marker, endpointInRecipe: true), emulator, "converge-1", endpointInRecipe: true)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(!(first.stdout + first.stderr).contains("not-a-secret"), "the secret key is never printed")
        let instances = try live(names, emulator)
        #expect(instances.count == 3)
        // One RunInstances call: the three share one reservation.
        let ids = Set(instances.map(\.id))
        #expect(try emulator.reservations().filter { !Set($0).isDisjoint(with: ids) }.map { Set($0) } == [ids])
        for instance in instances {
            let node = instance.tags["sous:node"] ?? "?"
            #expect(instance.tags["Name"] == node && instance.tags["sous:managed"] == "true" && instance.tags["sous:chef-server"] == server.url)
            #expect(instance.tags["team"] == "web" && instance.tags["tier"] == "1")
            let reference = try server.rubyGet("nodes/\(node)")["normal"].flatMap { ($0 as? [String: Any])?["chef_provisioning"] as? [String: Any] }
            #expect((reference?["reference"] as? [String: Any])?["instance_id"] as? String == instance.id)
            // sous client ran on the machine, over SSH to the instance's address.
            #expect(try String(contentsOf: marker.appendingPathComponent(node), encoding: .utf8).hasPrefix("converged \(node)"))
        }

        // sous machine list shows each machine's instance and its state, as EC2 has it.
        let listed = try ProcessRunner.run(TestPaths.sous, ["machine", "list", "-c", try server.knifeRB], environment: emulator.environment(endpoint: false))
        for instance in instances {
            let row = listed.stdout.split(separator: "\n").first { $0.hasPrefix((instance.tags["sous:node"] ?? "?") + " ") }
            #expect(row.map { $0.contains(" \(instance.id) ") && $0.hasSuffix(" running") && $0.contains(" \(instance.privateIP ?? "?") ") } == true,
                    "\(listed.stdout)\(listed.stderr)")
        }

        // A second run changes nothing: no launch, every machine up to date.
        let second = try run(recipe(names, emulator, action: "converge", marker: marker, endpointInRecipe: true), emulator, "converge-2", endpointInRecipe: true)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(!second.stdout.contains("- launch"), "\(second.stdout)")
        #expect(Set(try live(names, emulator).map(\.id)) == ids)

        // aws_tags converge as chef-provisioning-aws's do: set what is given, delete the
        // user's tags no longer listed; Name and sous's own stay.
        let retagged = try run(recipe(names, emulator, action: "allocate", endpointInRecipe: true, tags: "{ team: 'api' }"), emulator, "retag",
                               endpointInRecipe: true)
        #expect(retagged.status == 0, "\(retagged.stdout)\(retagged.stderr)")
        #expect(names.allSatisfy { retagged.stdout.contains("- [\($0)] update the tags of instance ") }, "\(retagged.stdout)")
        for instance in try live(names, emulator) {
            #expect(instance.tags["team"] == "api" && instance.tags["tier"] == nil && instance.tags["Name"] == instance.tags["sous:node"]
                    && instance.tags["sous:managed"] == "true", "\(instance.tags)")
        }

        // An instance made outside sous under web1's Name is never touched.
        let outside = try #require(try emulator.client.call("RunInstances", [
            ("ImageId", "ami-1e749f67"), ("MinCount", "1"), ("MaxCount", "1"), ("SubnetId", emulator.subnetID),
            ("TagSpecification.1.ResourceType", "instance"), ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", names[0]),
        ]).items("instancesSet").first?.value("instanceId"))

        let stopped = try run(recipe(names, emulator, action: "stop", endpointInRecipe: true), emulator, "stop", endpointInRecipe: true)
        #expect(stopped.status == 0, "\(stopped.stdout)\(stopped.stderr)")
        #expect(try live(names, emulator).allSatisfy { $0.state == "stopped" }, "\(stopped.stdout)")
        let listedStopped = try ProcessRunner.run(TestPaths.sous, ["machine", "list", "-c", try server.knifeRB, "-F", "json"], environment: emulator.environment(endpoint: false))
        let rows = (try JSONSerialization.jsonObject(with: Data(listedStopped.stdout.utf8)) as? [[String: Any]] ?? []).filter { names.contains($0["name"] as? String ?? "") }
        #expect(rows.count == 3 && rows.allSatisfy { $0["state"] as? String == "stopped" && ids.contains($0["instance_id"] as? String ?? "") })
        #expect(try emulator.instances().first { $0.id == outside }?.state == "running")
        // The emulator takes the stopped instances' machines down (polled, bounded to 30 s).
        for _ in 0..<300 where ids.contains(where: emulator.isUp) { usleep(100_000) }
        #expect(!ids.contains(where: emulator.isUp))

        // Started again by the next converge.
        let started = try run(recipe(names, emulator, action: "converge", marker: marker, endpointInRecipe: true), emulator, "converge-3", endpointInRecipe: true)
        #expect(started.status == 0, "\(started.stdout)\(started.stderr)")
        #expect(try live(names, emulator).allSatisfy { $0.state == "running" })
        #expect(names.allSatisfy { started.stdout.contains("- [\($0)] start instance ") }, "\(started.stdout)")

        // One machine from the command line, with the endpoint its spec recorded: a command
        // over SSH at its address, then stop and start.
        let knife = try server.knifeRB
        let third = try #require(try live([names[2]], emulator).first)
        func machine(_ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.run(TestPaths.sous, ["machine"] + arguments + ["-c", knife], environment: emulator.environment(endpoint: false), timeout: 120)
        }
        let inside = try ProcessRunner.run(TestPaths.sous, ["machine", "ssh", "-c", knife, names[2], "ip -4 -o addr show dev eth0"],
                                           environment: emulator.environment(endpoint: false))
        #expect(inside.status == 0 && inside.stdout.contains(" \(third.privateIP ?? "?")/24 "), "\(inside.stdout)\(inside.stderr)")
        let stopOne = try machine(["stop", names[2]])
        #expect(stopOne.stdout.contains("- stop instance \(third.id) of machine \(names[2])"), "\(stopOne.stdout)\(stopOne.stderr)")
        #expect(try emulator.instances().first { $0.id == third.id }?.state == "stopped")
        for _ in 0..<300 where emulator.isUp(third.id) { usleep(100_000) }
        let startOne = try machine(["start", names[2]])
        #expect(startOne.status == 0 && startOne.stdout.contains("- start instance \(third.id) of machine \(names[2])"), "\(startOne.stdout)\(startOne.stderr)")
        #expect(try emulator.instances().first { $0.id == third.id }?.state == "running")

        // A spec pointed at the outside instance: destroy refuses it by id and Name.
        let web1 = try server.rubyGet("nodes/\(names[0])")
        let realID = ((web1["normal"] as? [String: Any])?["chef_provisioning"] as? [String: Any]).flatMap { ($0["reference"] as? [String: Any])?["instance_id"] as? String }
        try setInstanceID(of: names[0], to: outside, server: server)
        let refused = try run(recipe([names[0]], emulator, action: "destroy", batch: false, endpointInRecipe: true), emulator, "destroy-outside", endpointInRecipe: true)
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("sous will not terminate instance \(outside) (Name \(names[0])): it was not made by sous"),
                "\(refused.stdout)\(refused.stderr)")
        #expect(try emulator.instances().first { $0.id == outside }?.state == "running")
        try setInstanceID(of: names[0], to: try #require(realID), server: server)

        let destroyed = try run(recipe(names, emulator, action: "destroy", endpointInRecipe: true), emulator, "destroy", endpointInRecipe: true)
        #expect(destroyed.status == 0, "\(destroyed.stdout)\(destroyed.stderr)")
        #expect(try live(names, emulator).isEmpty, "\(destroyed.stdout)")
        #expect(try emulator.instances().first { $0.id == outside }?.state == "running")
        for name in names { #expect(try server.rubyRequest("GET", "nodes/\(name)").status == 404) }
    }

    /// Points a machine's spec at another instance, as a hand edit of its node would.
    func setInstanceID(of node: String, to id: String, server: ChefServerFixture) throws {
        var document = try server.rubyGet("nodes/\(node)")
        var normal = document["normal"] as? [String: Any] ?? [:]
        var provisioning = normal["chef_provisioning"] as? [String: Any] ?? [:]
        var reference = provisioning["reference"] as? [String: Any] ?? [:]
        reference["instance_id"] = id
        provisioning["reference"] = reference
        normal["chef_provisioning"] = provisioning
        document["normal"] = normal
        let body = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
        #expect(try server.rubyRequest("PUT", "nodes/\(node)", body: body).status == 200)
    }

    @Test func aMachineThatStaysDarkIsRebootedOnceThenNamed() throws {
        let emulator = try EC2Emulator(dark: ["aws-dark1"])
        defer { emulator.stop() }
        let result = try run(recipe(["aws-dark1"], emulator, action: "ready", strategy: "none", readyTimeout: 3, batch: false), emulator, "dark")
        #expect(result.status != 0)
        let output = result.stdout + result.stderr
        let instance = try #require(try live(["aws-dark1"], emulator).first)
        #expect(output.components(separatedBy: "- reboot instance \(instance.id) of machine aws-dark1").count == 2, "\(output)")
        #expect(output.contains("machine aws-dark1: instance \(instance.id) (state running) did not answer on SSH within 3 s, even after a reboot"), "\(output)")
        #expect(output.contains("the last lines of its console"), "\(output)")
        let cleanup = try run(recipe(["aws-dark1"], emulator, action: "destroy", batch: false), emulator, "dark-destroy")
        #expect(cleanup.status == 0, "\(cleanup.stdout)\(cleanup.stderr)")
        #expect(try live(["aws-dark1"], emulator).isEmpty)
    }

    /// The AWS world's resources: made once, tagged, unchanged on a second run, rules made
    /// exactly what the recipe says, and deleted only when sous made them.
    @Test func vpcSubnetSecurityGroupAndKeyPairAreMadeOnceAndDeletedOnlyWhenOwned() throws {
        let server = try ChefServerFixture.server
        let emulator = try EC2Emulator()
        defer { emulator.stop() }
        _ = try emulator.client.call("CreateVpc", [("CidrBlock", "10.99.0.0/16"), ("TagSpecification.1.ResourceType", "vpc"),
                                                   ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", "outside-vpc")])
        func world(_ action: String, ssh: String = "'10.20.0.0/16' => 22") -> String {
            """
            with_driver 'aws::us-east-1'
            aws_vpc 'sous-vpc' do
              cidr_block '10.20.0.0/16'
              aws_tags owner: 'web team'
              action :\(action)
            end
            aws_subnet 'sous-subnet' do
              vpc 'sous-vpc'
              cidr_block '10.20.1.0/24'
              action :\(action)
            end
            aws_security_group 'sous-ssh' do
              vpc 'sous-vpc'
              inbound_rules [{ port: 22, protocol: :tcp, sources: ['10.20.0.0/16'] }, { port: '8000..8080', protocol: :tcp, sources: ['10.20.1.0/24'] }]
              action :\(action)
            end
            aws_key_pair 'sous-made' do
              action :\(action)
            end
            """
        }
        let first = try run(world("create"), emulator, "world-1")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        for line in ["- create VPC sous-vpc with cidr_block 10.20.0.0/16", "- create subnet sous-subnet with cidr_block 10.20.1.0/24",
                     "- create security group sous-ssh", "- authorize ingress on security group sous-ssh", "- create key pair sous-made"] {
            #expect(first.stdout.contains(line), "\(first.stdout)")
        }
        // What EC2 holds, read from moto.
        let vpc = try #require(try emulator.client.call("DescribeVpcs", [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", "sous-vpc")]).items("vpcSet").first)
        let vpcTags = Dictionary(vpc.items("tagSet").map { ($0.value("key") ?? "", $0.value("value") ?? "") }) { $1 }
        #expect(vpcTags["sous:managed"] == "true" && vpcTags["sous:chef-server"] == server.url && vpcTags["owner"] == "web team")
        let subnet = try #require(try emulator.client.call("DescribeSubnets", [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", "sous-subnet")]).items("subnetSet").first)
        #expect(subnet.value("vpcId") == vpc.value("vpcId") && subnet.value("cidrBlock") == "10.20.1.0/24")
        let group = try #require(try emulator.client.call("DescribeSecurityGroups", [("Filter.1.Name", "group-name"), ("Filter.1.Value.1", "sous-ssh")])
            .items("securityGroupInfo").first)
        let ingress = Set(group.items("ipPermissions").flatMap { permission in
            permission.items("ipRanges").map { "\(permission.value("fromPort") ?? "")-\(permission.value("toPort") ?? "") \($0.value("cidrIp") ?? "")" }
        })
        #expect(ingress == ["22-22 10.20.0.0/16", "8000-8080 10.20.1.0/24"])
        let key = emulator.home.appendingPathComponent(".chef/keys/sous-made").path
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: key, encoding: .utf8).contains("PRIVATE KEY"))

        let second = try run(world("create"), emulator, "world-2")
        #expect(second.status == 0 && !second.stdout.contains("\n    - "), "\(second.stdout)\(second.stderr)")

        // The outside VPC is refused by name; sous's own are deleted.
        let refused = try run("with_driver 'aws::us-east-1'\naws_vpc 'outside-vpc' do\n  action :destroy\nend\n", emulator, "outside")
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("(Name outside-vpc): its tags do not say sous made it"), "\(refused.stdout)\(refused.stderr)")
        let gone = try run(destroyOrder(), emulator, "world-destroy")
        #expect(gone.status == 0, "\(gone.stdout)\(gone.stderr)")
        #expect(try emulator.client.call("DescribeVpcs", [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", "sous-vpc")]).items("vpcSet").isEmpty)
        #expect(try emulator.client.call("DescribeVpcs", [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", "outside-vpc")]).items("vpcSet").count == 1)
    }

    /// Deletion goes the other way round: what depends on the VPC first.
    func destroyOrder() -> String {
        """
        with_driver 'aws::us-east-1'
        aws_key_pair('sous-made') { action :destroy }
        aws_security_group('sous-ssh') { vpc 'sous-vpc'; action :destroy }
        aws_subnet('sous-subnet') { action :destroy }
        aws_vpc('sous-vpc') { action :destroy }
        """
    }

    /// `sous machine gc` lists, and with --yes terminates, only live instances tagged as
    /// sous's for this Chef server that no spec claims.
    @Test func gcTerminatesOnlyUnclaimedInstancesSousMadeForThisServer() throws {
        let server = try ChefServerFixture.server
        let emulator = try EC2Emulator()
        defer { emulator.stop() }
        let names = ["aws-gc-kept", "aws-gc-lost"]
        let made = try run(recipe(names, emulator, action: "allocate", strategy: "none"), emulator, "gc-allocate")
        #expect(made.status == 0, "\(made.stdout)\(made.stderr)")
        let kept = try #require(try live(["aws-gc-kept"], emulator).first)
        let lost = try #require(try live(["aws-gc-lost"], emulator).first)
        func runInstance(_ tags: [(String, String)]) throws -> String {
            var parameters = [("ImageId", "ami-1e749f67"), ("MinCount", "1"), ("MaxCount", "1"), ("TagSpecification.1.ResourceType", "instance")]
            for (index, tag) in tags.enumerated() {
                parameters += [("TagSpecification.1.Tag.\(index + 1).Key", tag.0), ("TagSpecification.1.Tag.\(index + 1).Value", tag.1)]
            }
            return try #require(try emulator.client.call("RunInstances", parameters).items("instancesSet").first?.value("instanceId"))
        }
        let outside = try runInstance([("Name", "aws-gc-lost")])
        let otherServer = try runInstance([("Name", "aws-gc-lost"), ("sous:managed", "true"), ("sous:chef-server", "https://chef.other.example"),
                                           ("sous:node", "aws-gc-lost")])
        // The lost machine's node goes, as a hand-deleted node would.
        #expect(try server.rubyRequest("DELETE", "nodes/aws-gc-lost").status == 200)

        let gc = ["machine", "gc", "-c", try server.knifeRB, "--driver", "aws::us-east-1"]
        let listed = try ProcessRunner.run(TestPaths.sous, gc, environment: emulator.environment())
        #expect(listed.status == 0, "\(listed.stderr)")
        let orphans = listed.stdout.split(separator: "\n").filter { $0.hasPrefix("orphan ") }
        #expect(orphans == ["orphan instance \(lost.id) (running, made for node aws-gc-lost, driver region us-east-1)"], "\(listed.stdout)")
        #expect(try emulator.instances().first { $0.id == lost.id }?.state == "running", "listing terminates nothing")

        let removed = try ProcessRunner.run(TestPaths.sous, gc + ["--yes"], environment: emulator.environment())
        #expect(removed.status == 0, "\(removed.stdout)\(removed.stderr)")
        let states = Dictionary(try emulator.instances().map { ($0.id, $0.state) }) { $1 }
        #expect(states[lost.id] == "terminated" || states[lost.id] == "shutting-down")
        #expect(states[kept.id] == "running" && states[outside] == "running" && states[otherServer] == "running")
        let again = try ProcessRunner.run(TestPaths.sous, gc, environment: emulator.environment())
        #expect(again.stdout.contains("nothing to collect"), "\(again.stdout)")

        let destroyed = try run(recipe(["aws-gc-kept"], emulator, action: "destroy"), emulator, "gc-destroy")
        #expect(destroyed.status == 0, "\(destroyed.stdout)\(destroyed.stderr)")
    }

    /// SIGKILL at a random moment of a bring-up, then a re-run: exactly one live instance per
    /// machine, each the one its spec names, and nothing else of theirs left in EC2.
    @Test func aBringUpKilledAtRandomLeavesNoOrphanAfterTheRerun() throws {
        let server = try ChefServerFixture.server
        let emulator = try EC2Emulator()
        defer { emulator.stop() }
        let names = ["aws-kill-a", "aws-kill-b", "aws-kill-c"]
        let file = emulator.root.appendingPathComponent("killed.rb")
        // No transport_address_location: the public address is the default, and these
        // instances have none.
        let bringUp = recipe(names, emulator, action: "ready", strategy: "none", address: "")
        try bringUp.write(to: file, atomically: false, encoding: .utf8)
        for round in 1...3 {
            let delay = Double.random(in: 0.05...1.2)
            let started = try ProcessRunner.start(TestPaths.sous, ["-c", try server.knifeRB, file.path], environment: emulator.environment())
            usleep(UInt32(delay * 1_000_000))
            kill(started.pid, SIGKILL)
            _ = started.wait()
            let rerun = try run(bringUp, emulator, "rerun-\(round)")
            #expect(rerun.status == 0, "round \(round), killed after \(delay) s: \(rerun.stdout)\(rerun.stderr)")
            #expect((rerun.stdout + rerun.stderr).contains("has no public IP; sous connects to its private address 10."), "\(rerun.stdout)\(rerun.stderr)")
            let instances = try emulator.instances().filter { $0.tags["sous:chef-server"] == server.url && $0.state != "terminated" }
            #expect(instances.count == 3, "round \(round), killed after \(delay) s: \(instances.map { "\($0.id) \($0.tags)" })")
            for name in names {
                let node = try server.rubyGet("nodes/\(name)")
                let id = ((node["normal"] as? [String: Any])?["chef_provisioning"] as? [String: Any])
                    .flatMap { ($0["reference"] as? [String: Any])?["instance_id"] as? String }
                #expect(instances.filter { $0.tags["sous:node"] == name }.map(\.id) == [id].compactMap { $0 }, "round \(round): \(name)")
            }
            let destroyed = try run(recipe(names, emulator, action: "destroy"), emulator, "destroy-\(round)")
            #expect(destroyed.status == 0, "\(destroyed.stdout)\(destroyed.stderr)")
            #expect(try emulator.instances().filter { $0.tags["sous:chef-server"] == server.url && $0.state != "terminated" }.isEmpty)
        }
    }
}
