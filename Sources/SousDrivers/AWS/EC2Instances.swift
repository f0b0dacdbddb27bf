import SousSupport

/// An EC2 instance as the driver needs it.
public struct EC2Instance: Sendable {
    public var id: String
    public var state: String
    public var privateIP: String?
    public var publicIP: String?
    public var dnsName: String?
    public var tags: [String: String]

    init(_ item: XMLElement) {
        id = item.value("instanceId") ?? ""
        state = item.value("instanceState", "name") ?? "unknown"
        privateIP = item.value("privateIpAddress").flatMap { $0.isEmpty ? nil : $0 }
        publicIP = item.value("ipAddress").flatMap { $0.isEmpty ? nil : $0 }
        dnsName = item.value("dnsName").flatMap { $0.isEmpty ? nil : $0 }
        tags = item.ec2Tags
    }

    /// Whether its tags say sous made it for this node of this Chef server.
    public func isOwned(by owner: EC2Owner) -> Bool {
        EC2Owner.madeBySous(tags, serverURL: owner.serverURL) && tags[EC2Owner.nodeTag] == owner.node
    }
}

extension XMLElement {
    /// An EC2 item's `tagSet`, key => value.
    var ec2Tags: [String: String] {
        var tags: [String: String] = [:]
        for tag in items("tagSet") { if let key = tag.value("key") { tags[key] = tag.value("value") ?? "" } }
        return tags
    }
}

/// Who an instance is for: a node of a Chef server. Every instance sous creates carries
/// these tags, and sous stops, starts or terminates only instances that carry them.
public struct EC2Owner: Sendable {
    public var node: String
    public var serverURL: String

    public init(node: String, serverURL: String) {
        self.node = node
        self.serverURL = serverURL
    }

    static let managedTag = "sous:managed", serverTag = "sous:chef-server", nodeTag = "sous:node", launchTag = "sous:launch"

    var tags: [(String, String)] {
        [("Name", node), (Self.managedTag, "true"), (Self.serverTag, serverURL), (Self.nodeTag, node)]
    }

    /// Whether tags say sous made the thing (an instance, a VPC, a key pair...) for this
    /// Chef server: the one test before sous changes or deletes anything in EC2.
    static func madeBySous(_ tags: [String: String], serverURL: String) -> Bool {
        tags[managedTag] == "true" && tags[serverTag] == serverURL
    }

    /// Tags as a create call's `TagSpecification.1` for `resourceType` (`instance`, `vpc`, ...).
    static func tagSpecification(_ resourceType: String, _ tags: [(String, String)]) -> [(String, String)] {
        var parameters = [("TagSpecification.1.ResourceType", resourceType)]
        for (index, tag) in tags.enumerated() {
            parameters += [("TagSpecification.1.Tag.\(index + 1).Key", tag.0), ("TagSpecification.1.Tag.\(index + 1).Value", tag.1)]
        }
        return parameters
    }
}

/// A refusal to act on an instance sous did not make for this node.
public struct NotOwnedInstance: Error, CustomStringConvertible {
    public let instance: EC2Instance
    public let owner: EC2Owner
    public let action: String

    public var description: String {
        let name = instance.tags["Name"].map { " (Name \($0))" } ?? ""
        let made = instance.tags[EC2Owner.managedTag] == "true"
            ? "made by sous for node \(instance.tags[EC2Owner.nodeTag] ?? "?") of \(instance.tags[EC2Owner.serverTag] ?? "?")"
            : "not made by sous (it has no \(EC2Owner.managedTag) tag)"
        return "sous will not \(action) instance \(instance.id)\(name): it was \(made), not for node \(owner.node) of \(owner.serverURL)"
    }
}

/// The EC2 calls of the aws driver: instances run in batches (one RunInstances for machines
/// with the same bootstrap options), found by their ownership tags, and stopped, started or
/// terminated only when sous made them for that node.
public struct EC2Instances {
    public let client: EC2Client

    public init(client: EC2Client) { self.client = client }

    /// Runs one instance per owner in one RunInstances call (MinCount = MaxCount = count),
    /// all tagged at launch as sous's, with the launch's token and the user's `tags`, then
    /// tags each with its own node. The token (saved in each machine's spec before this call)
    /// finds the launch again after a crash: `ClientToken` on EC2, the `sous:launch` tag
    /// everywhere.
    public func run(for owners: [EC2Owner], parameters: [(String, String)], clientToken: String,
                    tags: [(String, String)] = []) throws -> [String: EC2Instance] {
        guard let first = owners.first else { return [:] }
        let shared = [(EC2Owner.managedTag, "true"), (EC2Owner.serverTag, first.serverURL), (EC2Owner.launchTag, clientToken)]
            + tags.filter { ![EC2Owner.managedTag, EC2Owner.serverTag, EC2Owner.launchTag, EC2Owner.nodeTag].contains($0.0) }
        let request = parameters + [("MinCount", String(owners.count)), ("MaxCount", String(owners.count)), ("ClientToken", clientToken)]
            + EC2Owner.tagSpecification("instance", shared)
        let started = try client.call("RunInstances", request).items("instancesSet").map(EC2Instance.init)
        guard started.count == owners.count else {
            throw EC2Error(action: "RunInstances", status: 200, code: "WrongCount",
                           message: "asked for \(owners.count) instances, got \(started.count)", requestID: nil)
        }
        var made: [String: EC2Instance] = [:]
        for (owner, instance) in zip(owners, started) {
            made[owner.node] = try claim(instance, for: owner)
        }
        return made
    }

    /// Tags an instance of a launch with the node it is for.
    public func claim(_ instance: EC2Instance, for owner: EC2Owner) throws -> EC2Instance {
        try tag(instance.id, owner.tags)
        var tagged = instance
        for (key, value) in owner.tags { tagged.tags[key] = value }
        return tagged
    }

    /// The live instances of one launch (by its `sous:launch` tag) on this Chef server.
    public func launched(token: String, serverURL: String) throws -> [EC2Instance] {
        try find([("tag:\(EC2Owner.launchTag)", token), ("tag:\(EC2Owner.serverTag)", serverURL)])
            .filter { EC2Owner.madeBySous($0.tags, serverURL: serverURL) && $0.state != "terminated" }
    }

    /// Instances by filters (`tag:KEY` = value, ...), every one given being required.
    func find(_ filters: [(String, String)]) throws -> [EC2Instance] {
        var parameters: [(String, String)] = []
        for (index, filter) in filters.enumerated() { parameters += [("Filter.\(index + 1).Name", filter.0), ("Filter.\(index + 1).Value.1", filter.1)] }
        return try client.call("DescribeInstances", parameters).items("reservationSet").flatMap { $0.items("instancesSet") }.map(EC2Instance.init)
    }

    /// The last lines of an instance's console (GetConsoleOutput, base64 text).
    public func consoleTail(_ id: String, lines: Int = 10) -> [String] {
        guard let encoded = try? client.call("GetConsoleOutput", [("InstanceId", id), ("Latest", "true")]).value("output"),
              let bytes = Base64.decode(encoded.filter { !$0.isWhitespace }) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    }

    /// Deletes tags (by key) from an instance.
    func untag(_ id: String, _ keys: [String]) throws {
        _ = try client.call("DeleteTags", [("ResourceId.1", id)] + keys.enumerated().map { ("Tag.\($0.offset + 1).Key", $0.element) })
    }

    /// Tags an instance, retried while EC2 does not know it yet (its eventual consistency).
    func tag(_ id: String, _ tags: [(String, String)]) throws {
        var parameters: [(String, String)] = [("ResourceId.1", id)]
        for (index, tag) in tags.enumerated() { parameters += [("Tag.\(index + 1).Key", tag.0), ("Tag.\(index + 1).Value", tag.1)] }
        for attempt in 1...10 {
            do {
                _ = try client.call("CreateTags", parameters)
                return
            } catch let error as EC2Error where error.isNotFound && attempt < 10 {
                client.pause(0.5)
            }
        }
    }

    public func describe(_ ids: [String]) throws -> [EC2Instance] {
        guard !ids.isEmpty else { return [] }
        return try client.call("DescribeInstances", .numbered("InstanceId", ids)).items("reservationSet")
            .flatMap { $0.items("instancesSet") }.map(EC2Instance.init)
    }

    /// The live instances sous made for this node (not terminated).
    public func owned(by owner: EC2Owner) throws -> [EC2Instance] {
        try find([("tag:\(EC2Owner.nodeTag)", owner.node), ("tag:\(EC2Owner.serverTag)", owner.serverURL)])
            .filter { $0.isOwned(by: owner) && $0.state != "terminated" }
    }

    /// Stops, starts or terminates an instance: only one sous made for this owner.
    public func change(_ action: Action, _ id: String, owner: EC2Owner) throws -> EC2Instance {
        guard let instance = try describe([id]).first else {
            throw EC2Error(action: action.rawValue, status: 400, code: "InvalidInstanceID.NotFound", message: "no instance \(id)", requestID: nil)
        }
        guard instance.isOwned(by: owner) else { throw NotOwnedInstance(instance: instance, owner: owner, action: action.verb) }
        let answer = try client.call(action.rawValue, .numbered("InstanceId", [id])).items("instancesSet").first
        var changed = instance
        changed.state = answer?.value("currentState", "name") ?? instance.state
        return changed
    }

    public enum Action: String, Sendable {
        case stop = "StopInstances", start = "StartInstances", terminate = "TerminateInstances", reboot = "RebootInstances"

        var verb: String {
            switch self {
            case .stop: return "stop"
            case .start: return "start"
            case .terminate: return "terminate"
            case .reboot: return "reboot"
            }
        }
    }
}
