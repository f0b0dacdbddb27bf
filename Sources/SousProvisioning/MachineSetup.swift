import SousChefData
import SousChefServer
import SousSupport
import SousRun

/// The setup stage: the machine's client key (kept when the machine has one), its client on
/// the Chef server, ohai hints, client.rb and the `files`, each written only when it differs.
struct MachineSetup {
    let lifecycle: MachineLifecycle
    let connection: MachineConnection

    var reporter: StageReporter { lifecycle.reporter }
    var plan: MachinePlan { lifecycle.plan }
    var name: String { lifecycle.name }
    var server: ChefServerClient { lifecycle.server }

    func run() throws {
        let key = try clientKey()
        try registerClient(publicKey: key.publicPEM)
        let folder = String(lifecycle.clientRBPath[..<(lifecycle.clientRBPath.lastIndex(of: "/") ?? lifecycle.clientRBPath.startIndex)])
        for (hint, data) in plan.ohaiHints {
            try put(Array((data == .null ? JSON.object([]) : data).rendered(pretty: true).utf8), "\(folder)/ohai/hints/\(hint).json", 0o644,
                    "write ohai hint \(hint)")
        }
        // An https server's certificate authority goes with the machine (chef-provisioning
        // never did this, and its users' machines could not verify self-signed servers).
        for (file, bytes) in plan.trustedCertificates {
            try put(bytes, "\(trustedCertsDir)/\(file)", 0o644, "copy trusted certificate \(file)")
        }
        try put(Array(try clientRB().utf8), lifecycle.clientRBPath, 0o644, "write client.rb")
        for (remote, source) in plan.files {
            try put(try fileContent(source, remote: remote), remote, 0o644, "upload \(remote)")
        }
    }

    /// The key on the machine, kept unless a `source_key` differs from it (replaced only
    /// with `allow_overwrite_keys`), or else the source key or a new one made here, written
    /// there with mode 0600.
    func clientKey() throws -> RSAPrivateKey {
        let path = lifecycle.clientPEMPath
        let source = try plan.sourceKey.map { try RSAPrivateKey(pem: $0, origin: "the source_key of machine \(name)") }
        if let existing = try connection.read(path), !existing.isEmpty {
            do {
                let key = try RSAPrivateKey(pem: String(decoding: existing, as: UTF8.self), origin: "\(path) on \(name)")
                guard let source, !samePublicKey(source.publicPEM, key.publicPEM) else { return key }
                guard plan.allowOverwriteKeys else {
                    throw ProvisioningError.keyMismatch(machine: name, path: path)
                }
            } catch let error as KeyError {
                guard plan.allowOverwriteKeys else {
                    throw ProvisioningError.unusableKey(machine: name, path: path, reason: "\(error)")
                }
            }
        }
        if let source {
            try reporter.perform("write the source_key of \(name) to \(path) (mode 0600)") {
                try connection.write(Array(source.privatePEM.utf8), to: path, mode: 0o600)
            }
            return source
        }
        let size = lifecycle.convergenceOptions.dig("private_key_options", "size")?.intValue ?? 2048
        let key = try RSAPrivateKey.generate(bits: size)
        try reporter.perform("generate a private key for \(name) and write it to \(path) (mode 0600)") {
            try connection.write(Array(key.privatePEM.utf8), to: path, mode: 0o600)
        }
        return key
    }

    /// The client `name` with this public key: created, or its key replaced.
    func registerClient(publicKey: String) throws {
        let stored = try server.fetch(.client, name)
        guard let stored else {
            try reporter.perform("create client \(name) at \(server.baseURL)") {
                _ = try server.createClient(name: name, publicKey: publicKey, admin: plan.admin, validator: plan.validator)
            }
            return
        }
        guard !samePublicKey(stored["public_key"]?.stringValue, publicKey) else { return }
        try reporter.perform("update the public key of client \(name) at \(server.baseURL)") {
            try server.put("clients/\(ChefServerClient.escape(name))", .object([
                ("name", .string(name)), ("admin", stored["admin"] ?? .bool(false)), ("public_key", .string(publicKey)),
            ]))
        }
    }

    /// Next to client.rb, as chef-client expects it.
    var trustedCertsDir: String {
        String(lifecycle.clientRBPath[..<(lifecycle.clientRBPath.lastIndex(of: "/") ?? lifecycle.clientRBPath.startIndex)]) + "/trusted_certs"
    }

    /// client.rb as chef-provisioning writes it, plus `chef_config`.
    func clientRB() throws -> String {
        let https = server.baseURL.hasPrefix("https://")
        var text = """
            chef_server_url \(rubyString(server.baseURL))
            node_name \(rubyString(name))
            client_key \(rubyString(lifecycle.clientPEMPath))
            ssl_verify_mode :\(https ? "verify_peer" : "verify_none")

            """
        if !plan.trustedCertificates.isEmpty { text += "trusted_certs_dir \(rubyString(trustedCertsDir))\n" }
        let extra = plan.chefConfig ?? lifecycle.convergenceOptions["chef_config"]?.stringValue
        if let extra { text += extra.hasSuffix("\n") ? extra : extra + "\n" }
        return text
    }

    func fileContent(_ source: JSON, remote: String) throws -> [UInt8] {
        if let content = source["content"]?.stringValue { return Array(content.utf8) }
        guard let local = source.stringValue ?? source["local_path"]?.stringValue else {
            throw ProvisioningError.invalidOption(option: "files[\(remote)]", expected: "a local path, or {content: ...}")
        }
        do {
            return try FileSystem.read(local)
        } catch {
            throw ProvisioningError.unreadableLocalFile(path: local, purpose: "to upload to \(name):\(remote)", reason: FileSystem.reason(error))
        }
    }

    /// Writes a file on the machine when it differs.
    func put(_ bytes: [UInt8], _ path: String, _ mode: Int32, _ description: String) throws {
        guard try connection.differs(bytes, at: path, mode: mode) else { return }
        try reporter.perform("\(description) on \(name) at \(path)") { try connection.write(bytes, to: path, mode: mode) }
    }
}
