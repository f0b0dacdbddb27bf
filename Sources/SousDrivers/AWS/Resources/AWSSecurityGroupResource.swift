import SousSupport
import SousRun

/// chef-provisioning-aws's `aws_security_group`: a group of a VPC found by its name, whose
/// rules are made to be exactly `inbound_rules` / `outbound_rules` when they are given.
/// Rules are hashes `{ port: 22, protocol: :tcp, sources: ['10.0.0.0/16'] }` (`port` may be
/// a range or `-1`; `destinations` for outbound), or a hash of CIDR => port.
struct AWSSecurityGroupResource: ResourceType {
    static let name = "aws_security_group"
    static let className = "AwsSecurityGroup"
    static let actions = ["create", "destroy", "purge"]
    static let defaultAction = "create"
    static let properties = [Property("name", [.string], nameProperty: true), Property("vpc", [.string]), Property("description", [.string]),
                             Property("inbound_rules", [.array, .hash]), Property("outbound_rules", [.array, .hash])]
        + AWSResourceContext.commonProperties

    /// One permission: protocol, port range and CIDR, as EC2 lists them.
    struct Rule: Hashable, CustomStringConvertible {
        var ipProtocol: String
        var from: Int
        var to: Int
        var cidr: String

        var description: String { "\(ipProtocol) \(from == to ? "\(from)" : "\(from)-\(to)") \(cidr)" }
    }

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let aws = try AWSResourceContext(context)
        let vpcID = try context.string("vpc").map(aws.vpcID)
        var filters = [("Filter.1.Name", "group-name"), ("Filter.1.Value.1", aws.name)]
        if let vpcID { filters += [("Filter.2.Name", "vpc-id"), ("Filter.2.Value.1", vpcID)] }
        var existing = try aws.client.call("DescribeSecurityGroups", filters).items("securityGroupInfo").first
        if action != "create" {
            return try aws.delete(existing, kind: "security group", id: existing?.value("groupId")) {
                _ = try aws.client.call("DeleteSecurityGroup", [("GroupId", existing?.value("groupId") ?? "")])
            }
        }
        if existing == nil {
            try context.converge(by: "create security group \(aws.name)\(vpcID.map { " in VPC \($0)" } ?? "")") {
                var parameters = [("GroupName", aws.name), ("GroupDescription", try context.string("description") ?? aws.name)]
                if let vpcID { parameters.append(("VpcId", vpcID)) }
                parameters += try aws.tagSpecification("security-group")
                let id = try aws.client.call("CreateSecurityGroup", parameters).value("groupId") ?? ""
                existing = try aws.client.call("DescribeSecurityGroups", .numbered("GroupId", [id])).items("securityGroupInfo").first
            }
        }
        guard let group = existing, let id = group.value("groupId") else { return }
        for (property, list, direction) in [("inbound_rules", "ipPermissions", "Ingress"), ("outbound_rules", "ipPermissionsEgress", "Egress")] {
            let value = try context.value(property)
            guard !value.isNil else { continue }
            let wanted = Set(try rules(try context.interpreter.jsonValue(of: value), property: property))
            let have = Set(rules(of: group.items(list)))
            let missing = wanted.subtracting(have).sorted { $0.description < $1.description }
            let extra = have.subtracting(wanted).sorted { $0.description < $1.description }
            if !missing.isEmpty {
                try context.converge(by: ["authorize \(direction.lowercased()) on security group \(aws.name)"] + missing.map { "  \($0)" }) {
                    _ = try aws.client.call("AuthorizeSecurityGroup\(direction)", [("GroupId", id)] + permissions(missing))
                }
            }
            if !extra.isEmpty {
                try context.converge(by: ["revoke \(direction.lowercased()) on security group \(aws.name)"] + extra.map { "  \($0)" }) {
                    _ = try aws.client.call("RevokeSecurityGroup\(direction)", [("GroupId", id)] + permissions(extra))
                }
            }
        }
    }

    static func rules(of items: [XMLElement]) -> [Rule] {
        items.flatMap { item -> [Rule] in
            let ipProtocol = item.value("ipProtocol") ?? "-1"
            let from = Int(item.value("fromPort") ?? "") ?? -1, to = Int(item.value("toPort") ?? "") ?? -1
            return item.items("ipRanges").compactMap { $0.value("cidrIp") }.map { Rule(ipProtocol: ipProtocol, from: from, to: to, cidr: $0) }
        }
    }

    static func rules(_ json: JSON, property: String) throws -> [Rule] {
        func ports(_ value: JSON?) throws -> (Int, Int) {
            guard let value else { return (-1, -1) }
            if let port = value.intValue { return (port, port) }
            if let text = value.stringValue {
                let bounds = text.split(separator: ".", omittingEmptySubsequences: true).compactMap { Int($0) }
                if bounds.count == 2 { return (bounds[0], bounds[1]) }
                if let port = Int(text) { return (port, port) }
            }
            throw ActionError("Chef::Exceptions::ValidationFailed", "\(property): a port is a number, -1 or a range as '8000..8080', not \(value)")
        }
        if let pairs = json.objectValue {
            return try pairs.map { cidr, port in
                let (from, to) = try ports(port)
                return Rule(ipProtocol: "tcp", from: from, to: to, cidr: cidr)
            }
        }
        return try (json.arrayValue ?? []).flatMap { rule -> [Rule] in
            let ipProtocol = rule["protocol"]?.stringValue.map { $0 == "all" || $0 == "-1" ? "-1" : $0 } ?? "tcp"
            let (from, to) = ipProtocol == "-1" ? (-1, -1) : try ports(rule["port"] ?? rule["port_range"])
            let sources = rule["sources"] ?? rule["destinations"] ?? rule["source"] ?? rule["destination"]
            let cidrs = sources?.arrayValue?.compactMap(\.stringValue) ?? sources?.stringValue.map { [$0] } ?? []
            guard !cidrs.isEmpty else {
                throw ActionError("Chef::Exceptions::ValidationFailed", "\(property): each rule needs sources (or destinations), as sources: ['10.0.0.0/16']")
            }
            return cidrs.map { Rule(ipProtocol: ipProtocol, from: from, to: to, cidr: $0) }
        }
    }

    static func permissions(_ rules: [Rule]) -> [(String, String)] {
        rules.enumerated().flatMap { index, rule -> [(String, String)] in
            let prefix = "IpPermissions.\(index + 1)"
            var parameters = [("\(prefix).IpProtocol", rule.ipProtocol), ("\(prefix).IpRanges.1.CidrIp", rule.cidr)]
            if rule.ipProtocol != "-1" { parameters += [("\(prefix).FromPort", String(rule.from)), ("\(prefix).ToPort", String(rule.to))] }
            return parameters
        }
    }
}
