import SousSupport

extension ChefConfig {
    /// A client for this config's server, signing as `node_name` with `client_key` (or
    /// `client_key_contents`), trusting what `ssl_*` and `trusted_certs_dir` say.
    public func makeClient(name: String? = nil, keyPath: String? = nil) throws -> ChefServerClient {
        let identity = try loadIdentity(name: name ?? requireNodeName(), keyPath: keyPath)
        return try ChefServerClient(baseURL: chefServerURL, identity: identity, signingProtocol: signingProtocol,
                                    tls: try tlsOptions(), timeout: restTimeout, retryCount: httpRetryCount)
    }

    /// The signing identity: the key file named (or `client_key`), else `client_key_contents`.
    public func loadIdentity(name: String, keyPath: String? = nil) throws -> ClientIdentity {
        if keyPath == nil, let clientKeyContents {
            return ClientIdentity(name: name, key: try RSAPrivateKey(pem: clientKeyContents, origin: "client_key_contents"),
                                  keyOrigin: "client_key_contents")
        }
        guard let path = keyPath ?? clientKey else {
            throw ConfigError(file: file, message: "no client_key is set; add `client_key 'PATH'` to the config file")
        }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readRegularFile(path, limit: RSAPrivateKey.fileSizeLimit)
        } catch {
            throw ConfigError(file: file, message: "cannot read the key of \(name), \(path): \(FileSystem.reason(error))"
                + "; set client_key in the config file to the .pem file the Chef server made for \(name)")
        }
        return ClientIdentity(name: name, key: try RSAPrivateKey(pem: String(decoding: bytes, as: UTF8.self), origin: path),
                              keyOrigin: path)
    }

    /// Certificate checking as configured: `ssl_verify_mode`, plus the certificates of
    /// `ssl_ca_file`, `ssl_ca_path` and `trusted_certs_dir` trusted besides the system's.
    public func tlsOptions() throws -> TLSOptions {
        var authorities: [UInt8] = []
        func add(_ path: String) throws {
            var bytes = try FileSystem.readRegularFile(path, limit: RSAPrivateKey.fileSizeLimit)
            if bytes.last != 0x0A { bytes.append(0x0A) }
            authorities += bytes
        }
        if let sslCAFile {
            do { try add(sslCAFile) } catch {
                throw ConfigError(file: file, message: "cannot read ssl_ca_file \(sslCAFile): \(FileSystem.reason(error))")
            }
        }
        for folder in [sslCAPath, trustedCertsDir].compactMap({ $0 }) where FileSystem.kind(folder) == .directory {
            for name in try FileSystem.list(folder).sorted() where name.hasSuffix(".crt") || name.hasSuffix(".pem") {
                try add(folder + "/" + name)
            }
        }
        return TLSOptions(verifyPeer: sslVerifyMode == .verifyPeer, extraAuthorities: authorities)
    }
}
