import SousSupport
import SousRun

/// What the aws driver's resources share: the EC2 client of the recipe's aws driver, and
/// the ownership tags. Like instances, every VPC, subnet, security group and key pair sous
/// creates is tagged `sous:managed` and `sous:chef-server`, is found again by its `Name`, and
/// is deleted only when its tags say sous made it for this Chef server: anything else is
/// used as it is and never destroyed.
struct AWSResourceContext {
    let client: EC2Client
    let serverURL: String
    let name: String
    let context: ActionContext

    init(_ context: ActionContext) throws {
        guard let (driver, options) = try context.run.currentDriver(named: try context.string("driver")), let aws = driver as? AWSDriver else {
            throw ActionError("Chef::Exceptions::ValidationFailed",
                              "\(context.resource.identity) needs the aws driver: with_driver 'aws::REGION' before it, or its driver property")
        }
        client = try aws.instances(options).client
        serverURL = context.run.config?.chefServerURL ?? ""
        name = context.resource.name
        self.context = context
    }

    static let commonProperties = [Property("driver", [.string]), Property("aws_tags", [.hash])]

    /// Name, the ownership tags and `aws_tags`, as a TagSpecification for `resourceType`.
    func tagSpecification(_ resourceType: String) throws -> [(String, String)] {
        let own = [("Name", name), (EC2Owner.managedTag, "true"), (EC2Owner.serverTag, serverURL)]
        let user = try context.stringPairs("aws_tags").filter { tag in !own.contains { $0.0 == tag.0 } }
        return EC2Owner.tagSpecification(resourceType, own + user)
    }

    func isOwned(_ item: XMLElement) -> Bool { EC2Owner.madeBySous(item.ec2Tags, serverURL: serverURL) }

    /// The items of a Describe call filtered by their Name tag.
    func named(_ action: String, _ list: String, extra: [(String, String)] = []) throws -> [XMLElement] {
        var parameters = [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", name)]
        for (index, filter) in extra.enumerated() { parameters += [("Filter.\(index + 2).Name", filter.0), ("Filter.\(index + 2).Value.1", filter.1)] }
        return try client.call(action, parameters).items(list)
    }

    /// Deletes `item` when sous made it, else refuses by name, saying why.
    func delete(_ item: XMLElement?, kind: String, id: String?, _ body: () throws -> Void) throws {
        guard let item, let id else { return }
        guard isOwned(item) else {
            throw ActionError("Chef::Exceptions::ValidationFailed",
                              "sous will not delete \(kind) \(id) (Name \(name)): its tags do not say sous made it for \(serverURL)")
        }
        try context.converge(by: "delete \(kind) \(id) (\(name))", body)
    }

    /// A VPC by id or by its Name tag (as an `aws_vpc` names it).
    func vpcID(_ reference: String) throws -> String {
        if reference.hasPrefix("vpc-") { return reference }
        let found = try client.call("DescribeVpcs", [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", reference)])
            .items("vpcSet").compactMap { $0.value("vpcId") }
        guard found.count == 1, let id = found.first else {
            throw ActionError("Chef::Exceptions::ValidationFailed",
                              "\(context.resource.identity): vpc \(reference) is \(found.isEmpty ? "no VPC's id or Name" : "the Name of \(found.count) VPCs")")
        }
        return id
    }
}
