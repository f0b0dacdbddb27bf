import SousProvisioning

/// The drivers sous has, by scheme.
public enum BuiltInDrivers {
    public static func registry() -> DriverRegistry {
        let registry = DriverRegistry()
        registry.register(scheme: "ssh") { SSHDriver(url: $0) }
        registry.register(scheme: "local") { try LocalDriver(url: $0) }
        return registry
    }
}
