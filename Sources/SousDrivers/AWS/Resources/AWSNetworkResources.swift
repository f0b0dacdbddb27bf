import SousSupport
import SousRun

/// chef-provisioning-aws's `aws_vpc`: a VPC found by its Name, created with `cidr_block`
/// when none has it.
struct AWSVPCResource: ResourceType {
    static let name = "aws_vpc"
    static let className = "AwsVpc"
    static let actions = ["create", "destroy", "purge"]
    static let defaultAction = "create"
    static let properties = [Property("name", [.string], nameProperty: true), Property("cidr_block", [.string]),
                             Property("instance_tenancy", [.string, .symbol])] + AWSResourceContext.commonProperties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let aws = try AWSResourceContext(context)
        let existing = try aws.named("DescribeVpcs", "vpcSet").first
        if action != "create" {
            return try aws.delete(existing, kind: "VPC", id: existing?.value("vpcId")) {
                _ = try aws.client.call("DeleteVpc", [("VpcId", existing?.value("vpcId") ?? "")])
            }
        }
        let cidr = try context.string("cidr_block")
        if let existing {
            if let cidr, existing.value("cidrBlock") != cidr {
                throw ActionError("Chef::Exceptions::ValidationFailed",
                                  "VPC \(existing.value("vpcId") ?? "?") (\(aws.name)) has cidr_block \(existing.value("cidrBlock") ?? "?"), not \(cidr): "
                                    + "a VPC's block cannot change; destroy it first or give the one it has")
            }
            return
        }
        guard let cidr else { throw ActionError("Chef::Exceptions::ValidationFailed", "cidr_block is required to create VPC \(aws.name)") }
        try context.converge(by: "create VPC \(aws.name) with cidr_block \(cidr)") {
            var parameters = [("CidrBlock", cidr)] + (try aws.tagSpecification("vpc"))
            if let tenancy = try context.string("instance_tenancy") { parameters.append(("InstanceTenancy", tenancy)) }
            _ = try aws.client.call("CreateVpc", parameters)
        }
    }
}

/// chef-provisioning-aws's `aws_subnet`: a subnet of a VPC (by id or Name), found by its Name.
struct AWSSubnetResource: ResourceType {
    static let name = "aws_subnet"
    static let className = "AwsSubnet"
    static let actions = ["create", "destroy", "purge"]
    static let defaultAction = "create"
    static let properties = [Property("name", [.string], nameProperty: true), Property("vpc", [.string]), Property("cidr_block", [.string]),
                             Property("availability_zone", [.string]), Property("map_public_ip_on_launch", [.boolean])]
        + AWSResourceContext.commonProperties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let aws = try AWSResourceContext(context)
        let existing = try aws.named("DescribeSubnets", "subnetSet").first
        if action != "create" {
            return try aws.delete(existing, kind: "subnet", id: existing?.value("subnetId")) {
                _ = try aws.client.call("DeleteSubnet", [("SubnetId", existing?.value("subnetId") ?? "")])
            }
        }
        let cidr = try context.string("cidr_block")
        if let existing {
            if let cidr, existing.value("cidrBlock") != cidr {
                throw ActionError("Chef::Exceptions::ValidationFailed",
                                  "subnet \(existing.value("subnetId") ?? "?") (\(aws.name)) has cidr_block \(existing.value("cidrBlock") ?? "?"), not \(cidr)")
            }
            return
        }
        guard let vpc = try context.string("vpc"), let cidr else {
            throw ActionError("Chef::Exceptions::ValidationFailed", "vpc and cidr_block are required to create subnet \(aws.name)")
        }
        let vpcID = try aws.vpcID(vpc)
        try context.converge(by: "create subnet \(aws.name) with cidr_block \(cidr) in VPC \(vpcID)") {
            var parameters = [("VpcId", vpcID), ("CidrBlock", cidr)] + (try aws.tagSpecification("subnet"))
            if let zone = try context.string("availability_zone") { parameters.append(("AvailabilityZone", zone)) }
            let made = try aws.client.call("CreateSubnet", parameters).value("subnet", "subnetId") ?? ""
            if try context.bool("map_public_ip_on_launch") {
                _ = try aws.client.call("ModifySubnetAttribute", [("SubnetId", made), ("MapPublicIpOnLaunch.Value", "true")])
            }
        }
    }
}
