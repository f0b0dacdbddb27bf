import SousLanguage
import SousSupport

/// How a TLS peer is checked: Chef's `ssl_verify_mode`.
public enum SSLVerifyMode: String, Sendable {
    case verifyPeer = "verify_peer"
    case verifyNone = "verify_none"
}

/// A config file that cannot be used as it is.
public struct ConfigError: UserFacingError {
    public let file: String?
    public let message: String
    public var description: String { (file.map { "\($0): " } ?? "") + message }

    public init(file: String?, message: String) {
        self.file = file
        self.message = message
    }
}

/// Chef's configuration after a knife.rb / client.rb / config.rb ran: the keys sous uses,
/// typed, with Chef's defaults and relative paths made absolute against the file's folder.
/// The same values stay readable from recipes as `Chef::Config[:key]`.
public struct ChefConfig {
    /// The file that was loaded; nil when none was found or given.
    public var file: String?
    public var chefServerURL: String
    public var nodeName: String?
    public var clientKey: String?
    public var clientKeyContents: String?
    public var validationClientName: String
    public var validationKey: String
    public var sslVerifyMode: SSLVerifyMode
    public var sslCAFile: String?
    public var sslCAPath: String?
    public var trustedCertsDir: String?
    public var cookbookPaths: [String]
    public var signingProtocol: SigningProtocol
    public var restTimeout: Int
    public var httpRetryCount: Int
    public var logLevel: String?
    public var logLocation: String?
    public var environment: String?
    public var fileBackupPath: String?
    /// Where chef-client keeps what it downloads (`cookbooks/` below it); nil when the
    /// config does not say.
    public var fileCachePath: String?
    /// The chef-repo knife upload and download work on; nil when the config does not say.
    public var chefRepoPath: String?
    /// Keys the file set that sous does not use (reported at debug level, never an error,
    /// as Chef accepts them).
    public var unusedKeys: [String]

    /// Keys sous reads, and keys Chef knows that have no effect on what sous does.
    static let knownKeys: Set<String> = [
        "chef_server_url", "node_name", "client_key", "client_key_contents", "validation_client_name",
        "validation_key", "ssl_verify_mode", "ssl_ca_file", "ssl_ca_path", "trusted_certs_dir",
        "cookbook_path", "authentication_protocol_version", "rest_timeout", "http_retry_count",
        "log_level", "log_location", "environment", "file_backup_path", "chef_repo_path", "knife",
        "node_path", "role_path", "environment_path", "data_bag_path", "local_mode", "cache_options",
        "syntax_check_cache_path", "file_cache_path", "http_retry_delay", "chef_zero",
    ]

    /// Gives the interpreter `Chef::Config` with Chef's defaults and nothing set, as a recipe
    /// under `sous apply` sees it; and Chef's own libraries (`require 'chef/provisioning'`),
    /// which sous provides itself, are accepted from then on.
    public static func install(into interpreter: Interpreter) throws {
        for prefix in ["chef", "cheffish", "chef-provisioning", "chef_provisioning"] where !interpreter.acceptedLibraryPrefixes.contains(prefix) {
            interpreter.acceptedLibraryPrefixes.append(prefix)
        }
        if interpreter.constant(path: "Chef::Config") == nil {
            try interpreter.run(SourceFile(path: ConfigPrelude.path, text: ConfigPrelude.source))
        }
    }

    /// Runs a config file in `interpreter` (which gets `Chef::Config`) and reads the result.
    /// With `path` nil, loads nothing and returns Chef's defaults. `commandLine` settings
    /// (`-S URL` as `chef_server_url`) win over the file's, as in chef-client.
    public static func load(path: String?, interpreter: Interpreter, commandLine: [(key: String, value: String)] = []) throws -> ChefConfig {
        try install(into: interpreter)
        guard let module = interpreter.constant(path: "Chef::Config") else {
            preconditionFailure("Chef::Config is missing after its prelude ran")
        }
        if let path {
            let bytes: [UInt8]
            do {
                bytes = try FileSystem.readRegularFile(path, limit: 4 << 20)
            } catch let failure as SystemCallFailure where failure.isNotFound {
                throw ConfigError(file: nil, message: "config file \(path) does not exist")
            } catch {
                throw ConfigError(file: nil, message: "cannot read config file \(path): \(FileSystem.reason(error))")
            }
            try interpreter.evaluate(SourceFile(path: path, bytes: bytes), selfValue: module, label: "<top (required)>")
        }
        for (key, value) in commandLine {
            _ = try interpreter.callMethod(module, "[]=", Args([.symbol(key), interpreter.makeString(value)]))
        }
        var reader = ConfigReader(interpreter: interpreter, module: module, file: path)
        return try reader.read()
    }

    /// knife's lookup order when no `-c` is given: `$KNIFE_HOME`, the current folder, the
    /// nearest `.chef` folder walking up, `~/.chef`; in each `config.rb` before `knife.rb`.
    /// Last, chef-client's `/etc/chef/client.rb`. Nil when there is none.
    public static func locate(host: Host) -> String? {
        var folders: [String] = []
        if let knifeHome = host.environmentVariable("KNIFE_HOME"), !knifeHome.isEmpty { folders.append(knifeHome) }
        let here = host.currentDirectory()
        folders.append(here)
        var walk = here
        while true {
            folders.append(walk == "/" ? "/.chef" : walk + "/.chef")
            guard walk != "/", let slash = walk.lastIndex(of: "/") else { break }
            walk = slash == walk.startIndex ? "/" : String(walk[..<slash])
        }
        folders.append(host.homeDirectory() + "/.chef")
        for folder in folders {
            for name in ["config.rb", "knife.rb"] where FileSystem.kind(folder + "/" + name) == .file {
                return folder + "/" + name
            }
        }
        return FileSystem.kind("/etc/chef/client.rb") == .file ? "/etc/chef/client.rb" : nil
    }

    /// The client name requests are signed as.
    public func requireNodeName() throws -> String {
        guard let nodeName, !nodeName.isEmpty else {
            throw ConfigError(file: file, message: "no node_name is set; add `node_name 'NAME'` to the config file, or pass -N NAME"
                + (file == nil ? " (no config file was found; pass -c knife.rb)" : ""))
        }
        return nodeName
    }
}

/// Reads `Chef::Config` into `ChefConfig`, checking each value's type, applying Chef's
/// defaults and writing the resolved values back, so recipes see what sous uses.
struct ConfigReader {
    let interpreter: Interpreter
    let module: Value
    let file: String?
    let folder: String

    init(interpreter: Interpreter, module: Value, file: String?) {
        self.interpreter = interpreter
        self.module = module
        self.file = file
        if let file, let slash = file.lastIndex(of: "/") {
            folder = slash == file.startIndex ? "/" : String(file[..<slash])
        } else {
            folder = interpreter.host.currentDirectory()
        }
    }

    mutating func read() throws -> ChefConfig {
        let serverURL = try string("chef_server_url") ?? "https://localhost:443"
        guard serverURL.hasPrefix("http://") || serverURL.hasPrefix("https://") else {
            throw ConfigError(file: file, message: "chef_server_url \(serverURL) is not an http:// or https:// URL")
        }
        let validatorDefault: String = {
            let parts = serverURL.split(separator: "/")
            guard let index = parts.firstIndex(of: "organizations"), index + 1 < parts.count else { return "chef-validator" }
            return "\(parts[index + 1])-validator"
        }()
        let verify: SSLVerifyMode
        switch try value("ssl_verify_mode") {
        case .null: verify = .verifyPeer
        case let raw:
            let name = (raw.asSymbolName ?? raw.asString?.value ?? "").trimmingPrefix(":")
            guard let mode = SSLVerifyMode(rawValue: name) else {
                throw ConfigError(file: file, message: "ssl_verify_mode must be :verify_peer or :verify_none, not \(try interpreter.inspect(raw))")
            }
            verify = mode
        }
        let protocolText = try string("authentication_protocol_version") ?? SigningProtocol.standard.rawValue
        guard let signing = SigningProtocol(rawValue: protocolText) else {
            throw ConfigError(file: file, message: "authentication_protocol_version \(protocolText) is not one sous speaks; use "
                + SigningProtocol.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        }
        let assigned = try interpreter.callMethod(module, "assigned_keys", Args()).asArray?.items.compactMap(\.asSymbolName) ?? []
        let config = ChefConfig(
            file: file,
            chefServerURL: serverURL,
            nodeName: try string("node_name"),
            clientKey: try path("client_key") ?? (try string("client_key_contents") == nil ? "/etc/chef/client.pem" : nil),
            clientKeyContents: try string("client_key_contents"),
            validationClientName: try string("validation_client_name") ?? validatorDefault,
            validationKey: try path("validation_key") ?? "/etc/chef/validation.pem",
            sslVerifyMode: verify,
            sslCAFile: try path("ssl_ca_file"),
            sslCAPath: try path("ssl_ca_path"),
            trustedCertsDir: try path("trusted_certs_dir") ?? (file == nil ? nil : absolute("trusted_certs")),
            cookbookPaths: try paths("cookbook_path") ?? [],
            signingProtocol: signing,
            restTimeout: try integer("rest_timeout") ?? 300,
            httpRetryCount: try integer("http_retry_count") ?? 5,
            logLevel: try symbolOrString("log_level"),
            logLocation: try symbolOrString("log_location"),
            environment: try string("environment"),
            fileBackupPath: try path("file_backup_path"),
            fileCachePath: assigned.contains("file_cache_path") ? try path("file_cache_path") : nil,
            chefRepoPath: assigned.contains("chef_repo_path") ? try path("chef_repo_path") : nil,
            unusedKeys: assigned.filter { !ChefConfig.knownKeys.contains($0) })
        try writeBack(config)
        return config
    }

    /// Stores the resolved values (absolute paths, defaults) in `Chef::Config`.
    func writeBack(_ config: ChefConfig) throws {
        let settings: [(String, Value)] = [
            ("chef_server_url", interpreter.makeString(config.chefServerURL)),
            ("validation_client_name", interpreter.makeString(config.validationClientName)),
            ("validation_key", interpreter.makeString(config.validationKey)),
            ("ssl_verify_mode", .symbol(config.sslVerifyMode.rawValue)),
            ("authentication_protocol_version", interpreter.makeString(config.signingProtocol.rawValue)),
            ("rest_timeout", .integer(config.restTimeout)),
            ("cookbook_path", interpreter.makeArray(config.cookbookPaths.map { interpreter.makeString($0) })),
        ] + [("client_key", config.clientKey), ("trusted_certs_dir", config.trustedCertsDir), ("ssl_ca_file", config.sslCAFile),
             ("ssl_ca_path", config.sslCAPath), ("file_backup_path", config.fileBackupPath)].compactMap { key, text in
            text.map { (key, interpreter.makeString($0)) }
        }
        let table = try interpreter.callMethod(module, "configuration", Args())
        for (key, value) in settings {
            _ = try interpreter.callMethod(table, "[]=", Args([.symbol(key), value]))
        }
    }

    func value(_ key: String) throws -> Value {
        try interpreter.callMethod(module, "[]", Args([.symbol(key)]))
    }

    func typeError(_ key: String, _ expected: String, _ raw: Value) throws -> ConfigError {
        ConfigError(file: file, message: "\(key) must be \(expected), not \(try interpreter.inspect(raw))")
    }

    func string(_ key: String) throws -> String? {
        let raw = try value(key)
        if raw.isNil { return nil }
        guard let text = raw.asString?.value else { throw try typeError(key, "a string", raw) }
        return text
    }

    func symbolOrString(_ key: String) throws -> String? {
        let raw = try value(key)
        if raw.isNil { return nil }
        if let name = raw.asSymbolName { return name }
        if let text = raw.asString?.value { return text }
        if raw.asObject === interpreter.constant(path: "STDOUT")?.asObject { return "STDOUT" }
        if raw.asObject === interpreter.constant(path: "STDERR")?.asObject { return "STDERR" }
        throw try typeError(key, "a symbol, a file name, STDOUT or STDERR", raw)
    }

    func integer(_ key: String) throws -> Int? {
        let raw = try value(key)
        switch raw {
        case .null: return nil
        case .integer(let n): return n
        case .float(let f): return Int(f)
        default: throw try typeError(key, "a number", raw)
        }
    }

    func path(_ key: String) throws -> String? {
        try string(key).map(absolute)
    }

    /// A folder or a list of folders (`cookbook_path` takes both).
    func paths(_ key: String) throws -> [String]? {
        let raw = try value(key)
        if raw.isNil { return nil }
        if let text = raw.asString?.value { return [absolute(text)] }
        guard let items = raw.asArray?.items else { throw try typeError(key, "a folder or an array of folders", raw) }
        return try items.map { item in
            guard let text = item.asString?.value else { throw try typeError(key, "an array of folder names", item) }
            return absolute(text)
        }
    }

    /// Relative to the config file's folder; `~` is the home folder.
    func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/") { return interpreter.host.homeDirectory() + path.dropFirst() }
        return folder + "/" + path
    }
}

private extension String {
    func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
