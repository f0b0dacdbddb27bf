import Foundation
import Testing
@testable import SousDrivers

/// The EC2 Query client against moto: signed requests, XML answers, a batch of instances in
/// one RunInstances call with their tags, and EC2's errors as errors that say what to do.
@Suite struct EC2ClientTests {
    @Test func instancesAreRunDescribedAndTerminated() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let client = moto.client()
        let images = try client.call("DescribeImages", .numbered("Owner", ["amazon"])).items("imagesSet")
        let image = try #require(images.first?.value("imageId"))

        let run = try client.call("RunInstances", [("ImageId", image), ("InstanceType", "t3.micro"), ("MinCount", "3"), ("MaxCount", "3"),
                                                   ("TagSpecification.1.ResourceType", "instance"),
                                                   ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", "web"),
                                                   ("TagSpecification.1.Tag.2.Key", "sous"), ("TagSpecification.1.Tag.2.Value", "yes & <more>")])
        let made = run.items("instancesSet").compactMap { $0.value("instanceId") }
        #expect(made.count == 3)

        let described = try client.call("DescribeInstances", [("Filter.1.Name", "tag:sous"), ("Filter.1.Value.1", "yes & <more>")])
        let instances = described.items("reservationSet").flatMap { $0.items("instancesSet") }
        #expect(Set(instances.compactMap { $0.value("instanceId") }) == Set(made))
        #expect(instances.allSatisfy { $0.value("instanceState", "name") == "running" })
        #expect(instances.allSatisfy { instance in instance.items("tagSet").contains { $0.value("key") == "Name" && $0.value("value") == "web" } })

        let terminated = try client.call("TerminateInstances", .numbered("InstanceId", made)).items("instancesSet")
        #expect(Set(terminated.compactMap { $0.value("currentState", "name") }).isSubset(of: ["shutting-down", "terminated"]))
    }

    @Test func ec2ErrorsSayWhatToDo() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let client = moto.client()
        #expect {
            _ = try client.call("DescribeInstances", .numbered("InstanceId", ["i-0123456789abcdef0"]))
        } throws: { error in
            guard let failure = error as? EC2Error else { return false }
            return failure.code == "InvalidInstanceID.NotFound" && failure.status == 400 && failure.isNotFound
                && "\(failure)".hasPrefix("EC2 DescribeInstances failed: InvalidInstanceID.NotFound: ")
        }
    }

    /// Server errors (as throttling) are retried with backoff, at most `attempts` times in all.
    @Test func serverErrorsAreRetriedABoundedNumberOfTimes() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let client = moto.client()
        var waits: [Int] = []
        client.pause = { _ in }
        client.backoff = { retry in waits.append(retry); return 0 }
        // moto answers an action it does not know with HTTP 500: tried 4 times in all, then the error.
        #expect { _ = try client.call("NoSuchAction") } throws: { error in (error as? EC2Error).map { $0.status >= 500 } ?? false }
        #expect(waits == [1, 2, 3])
        // A client error is not retried.
        waits = []
        #expect(throws: EC2Error.self) { _ = try client.call("DescribeInstances", .numbered("InstanceId", ["i-0123456789abcdef0"])) }
        #expect(waits.isEmpty)
    }
}

/// The XML reader on EC2's shapes: namespaces, entities, CDATA, self-closing elements.
@Suite struct XMLReaderTests {
    @Test func responsesAreRead() throws {
        let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
          <requestId>r-1</requestId>
          <reservationSet><item><instancesSet><item>
            <instanceId>i-1</instanceId><instanceState><code>16</code><name>running</name></instanceState>
            <tagSet><item><key>Name</key><value>a &amp; b &lt;c&gt; &#233;&#x41;</value></item></tagSet>
            <groupSet/><reason><![CDATA[<raw> & text]]></reason>
          </item></instancesSet></item></reservationSet>
        </DescribeInstancesResponse>
        """
        let document = try XMLReader.parse(Array(text.utf8))
        #expect(document.name == "DescribeInstancesResponse" && document.value("requestId") == "r-1")
        let instance = try #require(document.items("reservationSet").first?.items("instancesSet").first)
        #expect(instance.value("instanceState", "name") == "running")
        #expect(instance.items("tagSet").first?.value("value") == "a & b <c> éA")
        #expect(instance.value("reason") == "<raw> & text")
        #expect(instance.items("groupSet").isEmpty)
        #expect(throws: XMLSyntaxError.self) { try XMLReader.parse(Array("<a><b></a>".utf8)) }
    }
}
