import Testing
@testable import SousDrivers

/// The aws driver's two rules on moto's EC2: instances sous makes carry ownership tags, and
/// sous stops, starts or terminates only those; a batch is one RunInstances call.
@Suite struct EC2InstancesTests {
    @Test func aBatchIsOneCallAndOnlyOwnedInstancesAreTouched() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let client = moto.client()
        let image = try #require(try client.call("DescribeImages", .numbered("Owner", ["amazon"])).items("imagesSet").first?.value("imageId"))
        let server = "https://chef.example.com/organizations/sous"
        let owners = ["web1", "web2", "web3"].map { EC2Owner(node: $0, serverURL: server) }
        let ec2 = EC2Instances(client: client)

        let made = try ec2.run(for: owners, parameters: [("ImageId", image), ("InstanceType", "t3.micro")], clientToken: "batch-1")
        #expect(made.count == 3)
        #expect(client.sent.filter { $0 == "RunInstances" }.count == 1, "one RunInstances for the batch: \(client.sent)")
        for owner in owners {
            let found = try ec2.owned(by: owner)
            #expect(found.count == 1 && found.first?.id == made[owner.node]?.id, "\(owner.node): \(found.map(\.id))")
            #expect(found.first?.tags["Name"] == owner.node)
        }

        // An instance made outside sous with the same Name: never found as web2's, never touched.
        let stranger = try #require(try client.call("RunInstances", [("ImageId", image), ("MinCount", "1"), ("MaxCount", "1"),
                                                                     ("TagSpecification.1.ResourceType", "instance"),
                                                                     ("TagSpecification.1.Tag.1.Key", "Name"),
                                                                     ("TagSpecification.1.Tag.1.Value", "web2")])
            .items("instancesSet").first?.value("instanceId"))
        #expect(try ec2.owned(by: owners[1]).map(\.id) == [made["web2"]!.id])
        for action in [EC2Instances.Action.stop, .terminate] {
            #expect {
                _ = try ec2.change(action, stranger, owner: owners[1])
            } throws: { error in
                "\(error)".hasPrefix("sous will not \(action == .stop ? "stop" : "terminate") instance \(stranger) (Name web2): it was not made by sous")
            }
        }
        #expect(try ec2.describe([stranger]).first?.state == "running")
        // web1's instance is not web2's to terminate either.
        #expect(throws: NotOwnedInstance.self) { _ = try ec2.change(.terminate, made["web1"]!.id, owner: owners[1]) }

        let stopped = try ec2.change(.stop, made["web2"]!.id, owner: owners[1])
        #expect(["stopping", "stopped"].contains(stopped.state))
        let terminated = try ec2.change(.terminate, made["web2"]!.id, owner: owners[1])
        #expect(["shutting-down", "terminated"].contains(terminated.state))
        #expect(try ec2.owned(by: owners[1]).isEmpty)
        #expect(try ec2.owned(by: owners[0]).count == 1)
    }
}
