import SousChefData
import SousChefServer
import SousLanguage
import SousSupport
import SousRun

/// Everything a machine's stages need from its resource and the recipe, read on the run's
/// thread (the Ruby world is single-threaded) before the stages run, possibly on a thread of
/// their own in a batch.
public struct MachinePlan: Sendable {
    public var name: String
    public var driverURL: String?
    public var options: JSON
    public var chefEnvironment: String?
    /// Nil when the recipe did not set a run list.
    public var runList: [String]?
    public var attributes: JSON?
    /// `attribute`, `tags`, `tag`, `recipe`, `role`... as JSON edits (blocks already run).
    public var nodeEdits: NodeEdits
    public var complete: Bool
    /// `converge true/false`; nil when unset.
    public var converge: Bool?
    public var files: [(String, JSON)]
    public var ohaiHints: [(String, JSON)]
    public var chefConfig: String?
    public var allowOverwriteKeys: Bool
    /// The key the machine's client should have (`convergence_options` `source_key` or
    /// `source_key_path`), as PEM; nil to keep the machine's own or make one.
    public var sourceKey: String?
    public var admin: Bool
    public var validator: Bool
    /// The certificates this workstation trusts for the Chef server (`trusted_certs_dir`,
    /// `ssl_ca_file`), by file name, copied to an https server's machines.
    public var trustedCertificates: [(String, [UInt8])]

    /// The plan of a `machine` resource, with the recipe's current driver and options;
    /// `batch` adds what a `machine_batch` passes on (its driver, options and files).
    static func read(_ context: ActionContext, state: ProvisioningState, batch: BatchDefaults? = nil) throws -> MachinePlan {
        let interpreter = context.interpreter
        func json(_ property: String) throws -> JSON? {
            let value = try context.value(property)
            return value.isNil ? nil : try interpreter.jsonValue(of: value)
        }
        let configured = try interpreter.callMethod(interpreter.constant(path: "Chef::Config") ?? .null, "[]", Args([.symbol("driver")]))
        let driver = try context.string("driver") ?? batch?.driver ?? state.currentDriver
            ?? context.run.host.environmentVariable("CHEF_DRIVER") ?? configured.asString?.value
        let converge = try context.value("converge")
        let options = MachineOptions.merge([try json("machine_options") ?? .object([]), batch?.options ?? .object([]), state.machineOptions])
        let name = try context.requiredString("name")
        if let problem = ChefNames.problem(inMachineName: name) {
            throw ProvisioningError.invalidMachineName(name: name, problem: problem, nothingMade: true)
        }
        let attributes = try json("attributes")
        // A block given an attribute's value (`attribute('ips') { |old| ... }`) runs here, on
        // the recipe's thread, on the value the server has now.
        let changes = context.resource.nodeChanges
        var storedNormal = JSON.object([])
        if changes.readsStoredValues, let server = try ServerObjectSync.serverIfAny(for: context.resource, run: context.run), let stored = try server.fetch(.node, name) {
            storedNormal = stored["normal"] ?? .object([])
        }
        if let attributes { storedNormal = storedNormal.deepMerged(with: attributes) }
        return MachinePlan(
            name: name,
            driverURL: driver,
            options: options,
            chefEnvironment: try context.string("chef_environment") ?? state.chefEnvironment,
            runList: context.resource.setValue(of: "run_list") == nil ? nil : try context.strings("run_list").map(RunListItem.normalize),
            attributes: attributes,
            nodeEdits: try changes.edits(startingFrom: storedNormal, interpreter: interpreter),
            complete: try context.bool("complete"),
            converge: converge.isNil ? nil : converge.isTruthy,
            files: (try json("files")?.objectValue ?? []) + (batch?.files ?? []),
            ohaiHints: try json("ohai_hints")?.objectValue ?? [],
            chefConfig: try context.string("chef_config"),
            allowOverwriteKeys: try context.bool("allow_overwrite_keys"),
            sourceKey: try sourceKey(options),
            admin: try context.bool("admin"),
            validator: try context.bool("validator"),
            trustedCertificates: try trustedCertificates(context.run))
    }

    static func sourceKey(_ options: JSON) throws -> String? {
        let convergence = options["convergence_options"] ?? .object([])
        if let key = convergence["source_key"]?.stringValue { return key }
        guard let path = convergence["source_key_path"]?.stringValue else { return nil }
        do {
            return String(decoding: try FileSystem.readRegularFile(path, limit: RSAPrivateKey.fileSizeLimit), as: UTF8.self)
        } catch {
            throw ProvisioningError.unreadableLocalFile(path: path, purpose: "(source_key_path)", reason: FileSystem.reason(error))
        }
    }

    static func trustedCertificates(_ run: RunContext) throws -> [(String, [UInt8])] {
        guard let config = run.config, config.chefServerURL.hasPrefix("https://") else { return [] }
        var certificates: [(String, [UInt8])] = []
        if let folder = config.trustedCertsDir, FileSystem.kind(folder) == .directory {
            for name in try FileSystem.list(folder).sorted() where name.hasSuffix(".crt") || name.hasSuffix(".pem") {
                certificates.append((name, try FileSystem.readRegularFile(folder + "/" + name, limit: 1 << 20)))
            }
        }
        if let file = config.sslCAFile {
            certificates.append((String(file[file.index(after: file.lastIndex(of: "/") ?? file.startIndex)...]), try FileSystem.readRegularFile(file, limit: 1 << 20)))
        }
        return certificates
    }

    /// The node as it should be: the stored one with this plan's run list, environment,
    /// attributes and tags applied (existing run-list items keep their order).
    func desiredNode(_ stored: JSON) throws -> JSON {
        var node = stored
        if let chefEnvironment { node = node.setting("chef_environment", to: .string(chefEnvironment)) }
        if let runList {
            let current = NodeDocument.runList(node)
            let merged = complete ? runList : current + runList.filter { !current.contains($0) }
            node = node.setting("run_list", to: .array(merged.map { .string($0) }))
        }
        if nodeEdits.changesRunList {
            node = node.setting("run_list", to: .array(nodeEdits.applyRunList(to: NodeDocument.runList(node)).map { .string($0) }))
        }
        var normal = node["normal"] ?? .object([])
        if let attributes { normal = normal.deepMerged(with: attributes) }
        return node.setting("normal", to: nodeEdits.applyAttributes(to: normal))
    }
}

/// What a `machine_batch` gives the machines named in it.
struct BatchDefaults {
    var driver: String?
    var options: JSON
    var files: [(String, JSON)]
}
