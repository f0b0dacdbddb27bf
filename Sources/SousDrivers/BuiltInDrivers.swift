import SousProvisioning

/// The drivers sous has, by scheme.
public enum BuiltInDrivers {
    public static func registry(context: DriverContext = DriverContext()) -> DriverRegistry {
        let registry = DriverRegistry()
        registry.context = context
        registry.register(scheme: "ssh") { url, _ in SSHDriver(url: url) }
        registry.register(scheme: "aws") { url, _ in try AWSDriver(url: url) }
        registry.resourceTypes += [AWSVPCResource.self, AWSSubnetResource.self, AWSSecurityGroupResource.self, AWSKeyPairResource.self]
        registry.register(scheme: "local") { url, context in try LocalDriver(url: url, secrets: context.secretFiles) }
        return registry
    }
}
