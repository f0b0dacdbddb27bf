import SousChefData
import SousChefServer
import SousLanguage
import SousSupport

/// What recipes reach on the Chef server and in Chef's globals: `search`, `data_bag`,
/// `data_bag_item`, `Chef::Log`. Server calls need a run that has a server (`sous client`
/// with a config); `sous apply` has none and says so.
enum ServerDSL {
    static func install(on dsl: RModule, run: RunContext) {
        let interpreter = run.interpreter
        interpreter.define(dsl, "search") { interp, _, args in
            guard args.positional.count >= 1 else { throw interp.argumentError("search needs an index, as in search(:node, 'role:web')") }
            let index = try interp.toS(args.positional[0])
            let query = args.positional.count > 1 ? try interp.toS(args.positional[1]) : "*:*"
            let rows = try serverCall(run, "search(:\(index), \(query.debugDescription))") { try $0.search(index, query: query) }
            var results: [Value] = []
            for row in rows {
                if index == "node" {
                    results.append(try nodeObject(from: row, run: run))
                } else if let kind = ServerObjectKind(index: index) {
                    results.append(serverObject(from: row, kind: kind, run: run))
                } else {
                    results.append(interp.rubyValue(from: row["raw_data"] ?? row))  // a data bag's items
                }
            }
            if let block = args.block {
                for result in results { _ = try interp.callBlock(block, [result]) }
                return .true
            }
            return interp.makeArray(results)
        }
        interpreter.define(dsl, "data_bag") { interp, _, args in
            guard let bagValue = args.positional.first else { throw interp.argumentError("data_bag needs a bag name") }
            let bag = try interp.toS(bagValue)
            guard let items = try serverCall(run, "data_bag(\(bag.debugDescription))", { try $0.dataBagItems(bag) }) else {
                throw interp.makeError(interp.classes.runtimeError, "data bag \(bag) does not exist on the Chef server")
            }
            return interp.makeArray(items.map { interp.makeString($0) })
        }
        interpreter.define(dsl, "data_bag_item") { interp, _, args in
            guard args.positional.count >= 2 else { throw interp.argumentError("data_bag_item needs a bag and an item id") }
            let bag = try interp.toS(args.positional[0]), id = try interp.toS(args.positional[1])
            guard let item = try serverCall(run, "data_bag_item(\(bag.debugDescription), \(id.debugDescription))", { try $0.dataBagItem(bag, id) }) else {
                throw interp.makeError(interp.classes.runtimeError, "data bag item \(bag)/\(id) does not exist on the Chef server")
            }
            return interp.rubyValue(from: item)
        }
        // with_chef_server URL, client_name: NAME, signing_key_filename: PATH [do ... end]:
        // Cheffish resources and machines declared after it (or inside its block) use that
        // server.
        interpreter.define(dsl, "with_chef_server") { interp, _, args in
            guard let url = args.positional.first else { throw interp.argumentError("with_chef_server needs a URL") }
            let options = interp.makeHashObject()
            for (key, value) in args.keywords?.pairs ?? [] { options.set(key, value) }
            return try useServer(url: url, options: .object(options), block: args.block, run: run)
        }
        // with_chef_local_server chef_repo_path: DIR, port: N [do ... end]: as chef-provisioning
        // starts chef-zero, a Chef server started for this run and loaded from the chef-repo;
        // what follows uses it, and what the run stored there is written back into the repo
        // when the run ends.
        interpreter.define(dsl, "with_chef_local_server") { interp, _, args in
            let served = try localServer(args, run: run)
            let options = interp.makeHash([(.symbol("client_name"), interp.makeString("admin")),
                                           (.symbol("signing_key_filename"), interp.makeString(served.server.adminKey))])
            return try useServer(url: interp.makeString(served.server.url), options: options, block: args.block, run: run)
        }
        installLog(run: run)
    }

    /// Makes a server current for what the recipe declares next, or only inside `block`.
    static func useServer(url: Value, options: Value, block: RProc?, run: RunContext) throws -> Value {
        let interp = run.interpreter
        let spec = interp.makeHash([(.symbol("chef_server_url"), url), (.symbol("options"), options)])
        guard let block else {
            run.currentChefServer = spec
            return .null
        }
        let previous = run.currentChefServer
        run.currentChefServer = spec
        defer { run.currentChefServer = previous }
        return try interp.callBlock(block, [])
    }

    /// The chef-repo `with_chef_local_server` names, served: started the first time, the same
    /// server again after that.
    static func localServer(_ args: Args, run: RunContext) throws -> LocalRepositoryServer {
        let interp = run.interpreter
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : "\(interp.host.currentDirectory())/\(path)" }
        var repoPath: String?
        var port: Int?
        for (key, value) in args.keywords?.pairs ?? [] where !value.isNil {
            switch try interp.toS(key) {
            case "chef_repo_path":
                // chef-zero takes a list of repos; sous serves one.
                let paths = try value.asArray.map { try $0.items.map { try interp.toS($0) } } ?? [try interp.toS(value)]
                guard paths.count == 1 else { throw interp.argumentError("with_chef_local_server serves one chef_repo_path, not \(paths.count)") }
                repoPath = absolute(paths[0])
            case "port":
                guard case .integer(let number) = value else { throw interp.argumentError("with_chef_local_server port: must be a number, as in port: 8889") }
                port = number
            default:
                break  // chef-zero's other options (host, log level) mean nothing here
            }
        }
        let start = interp.currentLocation.map { FileSystem.dirname(of: absolute($0.file)) } ?? interp.host.currentDirectory()
        let root = LocalRepositoryServer.repositoryRoot(given: repoPath, config: run.config, start: start, host: interp.host)
        if let running = run.localServers[root] {
            if let port, !running.server.url.hasSuffix(":\(port)") {
                throw interp.argumentError("with_chef_local_server: \(root) is already served at \(running.server.url) in this run, not on port \(port)")
            }
            return running
        }
        guard FileSystem.kind(root) == .directory else {
            throw interp.argumentError("with_chef_local_server: chef_repo_path \(root) is not a folder")
        }
        let served: LocalRepositoryServer
        do {
            served = try LocalRepositoryServer.start(root: root, port: port, interpreter: Interpreter(host: interp.host),
                                                     warn: { run.logger.warn($0) })
        } catch let error as UserFacingError {
            throw interp.makeError(interp.classes.runtimeError, "with_chef_local_server could not serve \(root): \(error)")
        }
        run.localServers[root] = served
        run.logger.info("Serving the chef-repo \(root) at \(served.server.url) for this run")
        return served
    }

    /// The kinds of server object a search returns as objects of Chef's own classes.
    enum ServerObjectKind: String {
        case client, role, environment

        init?(index: String) { self.init(rawValue: index) }

        var className: String {
            switch self {
            case .client: return "ApiClient"
            case .role: return "Role"
            case .environment: return "Environment"
            }
        }

        var fields: [String] {
            switch self {
            case .client: return ["name", "admin", "validator", "public_key", "clientname"]
            case .role: return ["name", "description", "run_list", "env_run_lists", "default_attributes", "override_attributes"]
            case .environment: return ["name", "description", "cookbook_versions", "default_attributes", "override_attributes"]
            }
        }
    }

    /// A search row of clients, roles or environments as a `Chef::ApiClient`, `Chef::Role` or
    /// `Chef::Environment`: its fields as methods (`c.name`, `r.run_list`) and with `[]`.
    static func serverObject(from row: JSON, kind: ServerObjectKind, run: RunContext) -> Value {
        let interp = run.interpreter
        let cls: RModule
        if let existing = interp.constant(path: "Chef::\(kind.className)")?.asModule {
            cls = existing
        } else {
            let chef = interp.constant(path: "Chef")?.asModule ?? interp.classes.object!
            cls = interp.classes.defineClass(kind.className, in: chef)
            for field in kind.fields {
                interp.define(cls, field) { interp, receiver, _ in
                    try interp.callMethod(receiver.asObject?.getInstanceVariable("@fields") ?? .null, "[]", Args([interp.makeString(field)]))
                }
            }
            interp.define(cls, "[]") { interp, receiver, args in
                try interp.callMethod(receiver.asObject?.getInstanceVariable("@fields") ?? .null, "[]", Args([interp.makeString(try interp.toS(args[0]))]))
            }
            interp.define(cls, ["to_hash", "to_h"]) { _, receiver, _ in receiver.asObject?.getInstanceVariable("@fields") ?? .null }
        }
        let object = RObject(klass: cls)
        _ = object.setInstanceVariable("@fields", interp.rubyValue(from: row))
        return .object(object)
    }

    /// Runs a server request for a recipe; failures become Ruby exceptions the recipe can
    /// rescue, with the request and the server's answer in the message.
    static func serverCall<T>(_ run: RunContext, _ what: String, _ body: (ChefServerClient) throws -> T) throws -> T {
        let interp = run.interpreter
        guard let server = run.server else {
            throw interp.makeError(interp.classes.runtimeError,
                                   "\(what) needs a Chef server; run the recipe with `sous client -c knife.rb` (sous apply has none)")
        }
        do {
            return try body(server)
        } catch let error as ChefServerError {
            throw interp.makeError(interp.classes.runtimeError, "\(what) failed: \(error)")
        }
    }

    /// A search row as a `Chef::Node`, so `n.name`, `n['ipaddress']` and `n.run_list` work.
    static func nodeObject(from row: JSON, run: RunContext) throws -> Value {
        let node = try ChefNode(named: row["name"]?.stringValue ?? "", in: run.interpreter)
        try node.adopt(serverDocument: row)
        for level in [AttributeLevel.default, .override, .automatic] {
            if let attributes = row[level.rawValue] { try node.merge(attributes, at: level) }
        }
        return node.value
    }

    /// `Chef::Log.debug/info/warn/error/fatal`, into the run's logger.
    static func installLog(run: RunContext) {
        let interpreter = run.interpreter
        guard let chef = interpreter.constant(path: "Chef")?.asModule, interpreter.constant(path: "Chef::Log") == nil else { return }
        let log = interpreter.classes.defineModule("Log", in: chef)
        for level in LogLevel.allCases {
            interpreter.defineSingleton(log, "\(level)") { interp, _, args in
                run.logger.log(level, try args.positional.map { try interp.toS($0) }.joined(separator: " "))
                return .true
            }
            interpreter.defineSingleton(log, "\(level)?") { _, _, _ in .bool(run.logger.level <= level) }
        }
        interpreter.defineSingleton(log, "level") { _, _, _ in .symbol("\(run.logger.level)") }
    }
}
