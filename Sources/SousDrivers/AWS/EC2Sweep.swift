import SousSupport
import SousProvisioning

/// The aws driver's orphan sweep (`sous machine gc`): live instances whose tags say sous made
/// them for this Chef server (`sous:managed`, `sous:chef-server`) that no machine spec on
/// it claims — neither by its `instance_id` nor, for a launch a run recorded but never
/// finished saving, by its `sous:launch` token. Instances without sous's tags, or of another
/// Chef server, are never listed, let alone terminated.
public struct EC2Sweep {
    public struct Orphan: CustomStringConvertible {
        public let instance: EC2Instance
        let instances: EC2Instances
        let serverURL: String

        public var description: String {
            let node = instance.tags[EC2Owner.nodeTag].map { "made for node \($0)" } ?? "launched but never claimed by a node"
            return "instance \(instance.id) (\(instance.state), \(node), driver region \(instances.client.region))"
        }

        /// Terminates it, after reading its tags once more: still sous's, for this server.
        public func remove() throws {
            guard let now = try instances.describe([instance.id]).first else { return }
            guard EC2Owner.madeBySous(now.tags, serverURL: serverURL) else {
                throw NotOwnedInstance(instance: now, owner: EC2Owner(node: now.tags[EC2Owner.nodeTag] ?? "?", serverURL: serverURL),
                                       action: "terminate")
            }
            guard !["terminated", "shutting-down"].contains(now.state) else { return }
            _ = try instances.client.call("TerminateInstances", .numbered("InstanceId", [instance.id]))
        }
    }

    public private(set) var orphans: [Orphan] = []

    /// `machines`: every machine spec on the server; `driver`: the aws driver to look with.
    public init(serverURL: String, machines: [MachineSummary], driver: AWSDriver) throws {
        let instances = try driver.instances(.object([]))
        let claimedIDs = Set(machines.compactMap(\.instanceID))
        let claimedLaunches = Set(machines.filter { $0.instanceID == nil }.compactMap { $0.reference["launch_token"]?.stringValue })
        let found = try instances.find([("tag:\(EC2Owner.managedTag)", "true"), ("tag:\(EC2Owner.serverTag)", serverURL)])
        for instance in found where !["terminated", "shutting-down"].contains(instance.state) {
            guard EC2Owner.madeBySous(instance.tags, serverURL: serverURL) else { continue }
            if claimedIDs.contains(instance.id) { continue }
            if let launch = instance.tags[EC2Owner.launchTag], claimedLaunches.contains(launch) { continue }
            orphans.append(Orphan(instance: instance, instances: instances, serverURL: serverURL))
        }
    }
}
