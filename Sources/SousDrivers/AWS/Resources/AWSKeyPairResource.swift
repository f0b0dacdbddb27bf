import SousSupport
import SousRun

/// chef-provisioning-aws's `aws_key_pair`: a key pair EC2 knows by name. When EC2 lacks it,
/// the public key of `public_key_path`, or of the private key at `private_key_path`
/// (default `~/.chef/keys/NAME`, where the aws driver looks for it), is imported; with
/// neither, EC2 creates the pair and its private key is written there, mode 0600. A pair
/// EC2 has already is left as it is (chef-provisioning-aws's `allow_overwrite`, replacing
/// a pair whose fingerprint differs, is not offered: a recipe using it stops at that line).
struct AWSKeyPairResource: ResourceType {
    static let name = "aws_key_pair"
    static let className = "AwsKeyPair"
    static let actions = ["create", "destroy", "purge"]
    static let defaultAction = "create"
    static let properties = [Property("name", [.string], nameProperty: true), Property("private_key_path", [.string]),
                             Property("public_key_path", [.string])]
        + AWSResourceContext.commonProperties

    static func run(_ action: String, on resource: Resource, in context: ActionContext) throws {
        let aws = try AWSResourceContext(context)
        let existing: XMLElement?
        do {
            existing = try aws.client.call("DescribeKeyPairs", .numbered("KeyName", [aws.name])).items("keySet").first
        } catch let error as EC2Error where error.isNotFound {
            existing = nil
        }
        if action != "create" {
            return try aws.delete(existing, kind: "key pair", id: existing?.value("keyName")) {
                _ = try aws.client.call("DeleteKeyPair", [("KeyName", aws.name)])
            }
        }
        guard existing == nil else { return }
        let home = SSHDriver.homeDirectory
        let privatePath = SSHDriver.expand(try context.string("private_key_path") ?? "~/.chef/keys/\(aws.name)", home: home)
        let publicLine: String?
        if let path = try context.string("public_key_path") {
            guard let text = FileSystem.text(SSHDriver.expand(path, home: home)) else {
                throw ActionError("Chef::Exceptions::ValidationFailed", "public_key_path \(path) of key pair \(aws.name) cannot be read")
            }
            publicLine = text.trimmingSpaces
        } else if FileSystem.isNonEmptyFile(privatePath) {
            let derived = try context.command(.arguments(["ssh-keygen", "-y", "-f", privatePath]), shown: "ssh-keygen -y -f \(privatePath)",
                                              about: " (the public half of key pair \(aws.name)'s private key)")
            publicLine = derived.output.trimmingSpaces
        } else {
            publicLine = nil
        }
        if let publicLine {
            try context.converge(by: "import key pair \(aws.name) (the public key of \(privatePath))") {
                _ = try aws.client.call("ImportKeyPair", [("KeyName", aws.name), ("PublicKeyMaterial", Base64.encode(Array(publicLine.utf8)))]
                                        + (try aws.tagSpecification("key-pair")))
            }
        } else {
            try context.converge(by: "create key pair \(aws.name) and write its private key to \(privatePath) (mode 0600)") {
                let made = try aws.client.call("CreateKeyPair", [("KeyName", aws.name)] + (try aws.tagSpecification("key-pair")))
                guard let material = made.value("keyMaterial") else {
                    throw ActionError("RuntimeError", "EC2 created key pair \(aws.name) but sent no private key")
                }
                try FileSystem.writeSecret(privatePath, Array((material.hasSuffix("\n") ? material : material + "\n").utf8))
            }
        }
    }
}
