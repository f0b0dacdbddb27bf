import SousSupport
import SousProvisioning

/// What RunInstances is asked for one machine, from chef-provisioning-aws's
/// `bootstrap_options` (the SDK's create_instances hash) and `aws_tags`. Machines whose
/// launches are equal are run together in one call.
struct EC2Launch {
    let imageID: String
    let keyName: String?
    let parameters: [(String, String)]
    let tags: [(String, String)]

    /// Equal for machines that can share one RunInstances call.
    var key: String { (parameters + [("", "tags")] + tags).map { "\($0.0)=\($0.1)" }.joined(separator: "&") }

    var summary: String {
        let type = parameters.first { $0.0 == "InstanceType" }?.1 ?? "t2.micro"
        return "image \(imageID), \(type)"
    }

    init(machine: String, options: JSON, ec2: EC2Instances) throws {
        let bootstrap = options["bootstrap_options"] ?? .object([])
        func option(_ name: String) -> JSON? { bootstrap[name].flatMap { $0 == .null ? nil : $0 } }
        func text(_ name: String) throws -> String? {
            guard let value = option(name) else { return nil }
            guard let text = value.stringValue ?? value.intValue.map(String.init) else {
                throw ProvisioningError.invalidOption(option: "bootstrap_options \(name) (machine \(machine))", expected: "a string")
            }
            return text
        }
        guard let image = try text("image_id") else {
            throw ProvisioningError.invalidOption(option: "bootstrap_options image_id (machine \(machine))",
                                                  expected: "an AMI id of the driver's region, as image_id: 'ami-0123456789abcdef0'")
        }
        imageID = image
        keyName = try text("key_name")
        var parameters: [(String, String)] = [("ImageId", image), ("InstanceType", try text("instance_type") ?? "t2.micro")]
        if let keyName { parameters.append(("KeyName", keyName)) }

        let subnet = try (text("subnet_id") ?? text("subnet")).map { try Self.subnetID($0, ec2: ec2, machine: machine) }
        let groups = try Self.strings(option("security_group_ids") ?? option("security_groups"), "security_group_ids", machine: machine)
            .map { try Self.securityGroupID($0, ec2: ec2, machine: machine) }
        if let publicIP = option("associate_public_ip_address") {
            // A public address is asked for on the instance's first network interface, which
            // then carries the subnet and groups too.
            parameters += [("NetworkInterface.1.DeviceIndex", "0"),
                           ("NetworkInterface.1.AssociatePublicIpAddress", publicIP.boolValue == true ? "true" : "false")]
            if let subnet { parameters.append(("NetworkInterface.1.SubnetId", subnet)) }
            parameters += .numbered("NetworkInterface.1.SecurityGroupId", groups)
        } else {
            if let subnet { parameters.append(("SubnetId", subnet)) }
            parameters += .numbered("SecurityGroupId", groups)
        }
        if let userData = try text("user_data") { parameters.append(("UserData", Base64.encode(Array(userData.utf8)))) }
        if let zone = try text("availability_zone") { parameters.append(("Placement.AvailabilityZone", zone)) }
        if let profile = option("iam_instance_profile") {
            if let name = profile.stringValue ?? profile["name"]?.stringValue {
                parameters.append((name.hasPrefix("arn:") ? "IamInstanceProfile.Arn" : "IamInstanceProfile.Name", name))
            } else if let arn = profile["arn"]?.stringValue {
                parameters.append(("IamInstanceProfile.Arn", arn))
            }
        }
        for (index, mapping) in (option("block_device_mappings")?.arrayValue ?? []).enumerated() {
            let prefix = "BlockDeviceMapping.\(index + 1)"
            guard let device = mapping["device_name"]?.stringValue else {
                throw ProvisioningError.invalidOption(option: "bootstrap_options block_device_mappings[\(index)] (machine \(machine))",
                                                      expected: "a hash with device_name, as { device_name: '/dev/sda1', ebs: { volume_size: 20 } }")
            }
            parameters.append(("\(prefix).DeviceName", device))
            let ebs = mapping["ebs"] ?? .object([])
            for (key, name) in [("volume_size", "VolumeSize"), ("volume_type", "VolumeType"), ("delete_on_termination", "DeleteOnTermination"),
                                ("snapshot_id", "SnapshotId"), ("iops", "Iops"), ("encrypted", "Encrypted")] {
                guard let value = ebs[key] else { continue }
                parameters.append(("\(prefix).Ebs.\(name)", value.stringValue ?? value.intValue.map(String.init) ?? (value.boolValue == true ? "true" : "false")))
            }
            if let virtual = mapping["virtual_name"]?.stringValue { parameters.append(("\(prefix).VirtualName", virtual)) }
        }
        self.parameters = parameters
        tags = Self.userTags(options) ?? []
    }

    /// `aws_tags`, keys and values as strings; nil when the option is not given (the
    /// instance's tags are then left as they are).
    static func userTags(_ options: JSON) -> [(String, String)]? {
        guard let given = options["aws_tags"], given != .null else { return nil }
        return (given.objectValue ?? []).map { key, value in (key, text(value)) }
    }

    /// A tag value as Ruby's `to_s` gives it for the JSON kinds a recipe can write.
    static func text(_ value: JSON) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .float(let number): return "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return ""
        case .array, .object: return "\(value)"
        }
    }

    static func strings(_ value: JSON?, _ name: String, machine: String) throws -> [String] {
        guard let value else { return [] }
        if let one = value.stringValue { return [one] }
        guard let items = value.arrayValue?.map(\.stringValue), !items.contains(nil) else {
            throw ProvisioningError.invalidOption(option: "bootstrap_options \(name) (machine \(machine))", expected: "a list of ids or names")
        }
        return items.compactMap { $0 }
    }

    /// A subnet by id, or by its Name tag (as an `aws_subnet` resource names it).
    static func subnetID(_ name: String, ec2: EC2Instances, machine: String) throws -> String {
        if name.hasPrefix("subnet-") { return name }
        let found = try ec2.client.call("DescribeSubnets", [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", name)])
            .items("subnetSet").compactMap { $0.value("subnetId") }
        guard found.count == 1, let id = found.first else {
            throw ProvisioningError.invalidOption(option: "bootstrap_options subnet_id \(name) (machine \(machine))",
                                                  expected: found.isEmpty ? "a subnet id or the Name of a subnet (none has it)" : "a Name only one subnet has (\(found.count) do)")
        }
        return id
    }

    /// A security group by id, or by its group name.
    static func securityGroupID(_ name: String, ec2: EC2Instances, machine: String) throws -> String {
        if name.hasPrefix("sg-") { return name }
        let found = try ec2.client.call("DescribeSecurityGroups", [("Filter.1.Name", "group-name"), ("Filter.1.Value.1", name)])
            .items("securityGroupInfo").compactMap { $0.value("groupId") }
        guard let id = found.first else {
            throw ProvisioningError.invalidOption(option: "bootstrap_options security_group_ids \(name) (machine \(machine))",
                                                  expected: "a security group id or the name of a security group (none has it)")
        }
        return id
    }
}
