import Glibc
import SousChefServer
import SousProvisioning
import SousRun
import SousSupport

/// The cycles of a watch: each step runs this sous binary as a child process (an upload,
/// a machine's converge, the specs), so every one is what the same command typed by hand does.
final class WatchLoop {
    let root: String
    let recipe: String
    let config: String?
    let localMode: Bool
    let environment: String?
    let verify: Bool
    let specs: [String]
    let host: ProcessHost
    let sous: String
    private var session: KnifeSession?

    init(root: String, recipe: String, config: String?, localMode: Bool, environment: String?, verify: Bool, specs: [String], host: ProcessHost) {
        self.root = root
        self.recipe = recipe
        self.config = config
        self.localMode = localMode
        self.environment = environment
        self.verify = verify
        self.specs = specs
        self.host = host
        sous = SousInfo.executablePath
    }


    /// The server options every child gets: `-c CONFIG` or `-z`.
    private var serverArguments: [String] {
        if localMode { return ["-z"] }
        return config.map { ["-c", $0] } ?? []
    }

    private var usesServer: Bool { localMode || config != nil }

    func run() throws {
        let folders = ["cookbooks", "roles", "environments", "data_bags", "spec"].map { root + "/" + $0 }
        let watcher = try FileChangeWatcher(roots: folders + [FileSystem.dirname(of: recipe)])
        say("sous watch: watching \(folders.filter { FileSystem.kind($0) == .directory }.map { $0.dropFirst(root.count + 1) }.joined(separator: ", ")) (Ctrl-C stops)")
        let started = MonotonicClock.seconds()
        var steps = [runRecipe()]
        if verify { steps.append(runSpecs()) }
        line("ran \(FileSystem.basename(of: recipe))", steps, since: started)
        // The recipe's own folder is watched for the recipe alone (a recipe may write there).
        let prefixes = folders.map { $0 + "/" }
        while WatchInterrupt.requested == 0 {
            let changed = watcher.next(timeout: 0.2).filter { path in path == recipe || prefixes.contains { path.hasPrefix($0) } }
            guard !changed.isEmpty, WatchInterrupt.requested == 0 else { continue }
            cycle(changed)
        }
        say("sous watch: stopped")
    }

    /// One change: what it touched, uploaded; the machines that use it, converged; the specs.
    private func cycle(_ paths: [String]) {
        let started = MonotonicClock.seconds()
        let relative = paths.map { $0.hasPrefix(root + "/") ? String($0.dropFirst(root.count + 1)) : $0 }
        let what = relative.count <= 3 ? relative.joined(separator: ", ") : "\(relative.prefix(2).joined(separator: ", ")) and \(relative.count - 2) more"
        var steps: [StepOutcome] = []
        let change = RepositoryChange(relative)
        if paths.contains(recipe) || !usesServer || localMode {
            steps.append(runRecipe())
        } else {
            if let uploaded = upload(change) { steps.append(uploaded) }
            if !steps.contains(where: \.failed) { steps.append(convergeAffected(change)) }
        }
        if verify && !steps.contains(where: \.failed) { steps.append(runSpecs()) }
        line(what, steps, since: started)
    }

    private func line(_ what: String, _ steps: [StepOutcome], since started: Double) {
        let parts = steps.map(\.text)
        let now = CivilTime(seconds: host.now().seconds, offset: host.now().utcOffset)
        let clock = "\(CivilTime.pad(now.hour)):\(CivilTime.pad(now.minute)):\(CivilTime.pad(now.second))"
        say("[\(clock)] \(what): \(parts.joined(separator: "; ")) (\(FixedDecimal.format(MonotonicClock.seconds() - started, places: 2)) s)")
    }

    private func say(_ text: String) {
        host.writeOutput(text + "\n")
        host.flush()
    }

    // MARK: Steps

    private func child(_ arguments: [String]) -> Result<CommandResult, Error> {
        Self.child(sous, arguments, in: root)
    }

    /// This sous binary run with `arguments` in the chef-repo, bounded to 30 minutes.
    private static func child(_ sous: String, _ arguments: [String], in root: String) -> Result<CommandResult, Error> {
        var options = CommandOptions()
        options.directory = root
        options.timeout = 1800
        return Result { try CommandRunner.run(.arguments([sous] + arguments), options: options) }
    }

    private func runRecipe() -> StepOutcome {
        let arguments: [String]
        if usesServer {
            arguments = serverArguments + (environment.map { ["-E", $0] } ?? []) + [recipe]
        } else {
            arguments = ["apply", recipe]
        }
        let ran = child(arguments)
        guard case .success(let result) = ran, result.status == 0 else { return .failed("running \(FileSystem.basename(of: recipe))", ran) }
        return StepOutcome(result.output.split(separator: "\n").last { $0.contains("resources updated") }.map { $0.trimmingSpaces } ?? "done")
    }

    private func upload(_ change: RepositoryChange) -> StepOutcome? {
        var done: [String] = []
        if !change.cookbooks.isEmpty {
            let ran = child(["knife", "cookbook", "upload"] + change.cookbooks.sorted() + ["-o", root + "/cookbooks"] + serverArguments)
            guard case .success(let result) = ran, result.status == 0 else { return .failed("uploading \(change.cookbooks.sorted().joined(separator: ", "))", ran) }
            done.append(contentsOf: change.cookbooks.sorted())
        }
        if !change.objects.isEmpty {
            let ran = child(["knife", "upload", "--chef-repo-path", root] + change.objects + serverArguments)
            guard case .success(let result) = ran, result.status == 0 else { return .failed("uploading \(change.objects.joined(separator: ", "))", ran) }
            done.append(contentsOf: change.objects)
        }
        return done.isEmpty ? nil : StepOutcome("uploaded \(done.joined(separator: ", "))")
    }

    /// The machines whose last converge used a changed cookbook (`automatic.cookbooks`) or
    /// role (`automatic.roles`), or whose environment changed; every machine for a changed
    /// data bag (what reads it cannot be told); in the watch's environment only.
    private func convergeAffected(_ change: RepositoryChange) -> StepOutcome {
        guard change.touchesMachines else { return StepOutcome("nothing to converge") }
        let affected: [String]
        do {
            if session == nil { session = try KnifeSession(options: try KnifeOptions.parse(serverArguments), host: host) }
            guard let api = session?.api else { return StepOutcome("nothing to converge") }
            // The machines' nodes as the search returns them, whole: no fetch per machine.
            affected = try MachineInventory.nodes(on: api).compactMap { node in
                let nodeEnvironment = node["chef_environment"]?.stringValue ?? "_default"
                if let environment, nodeEnvironment != environment { return nil }
                let cookbooks = Set((node["automatic"]?["cookbooks"]?.objectValue ?? []).map(\.0))
                let roles = Set((node["automatic"]?["roles"]?.arrayValue ?? []).compactMap(\.stringValue))
                let uses = !cookbooks.isDisjoint(with: change.cookbooks) || !roles.isDisjoint(with: change.roles)
                    || change.environments.contains(nodeEnvironment) || change.dataBags
                return uses ? node["name"]?.stringValue : nil
            }
        } catch {
            return StepOutcome("FAILED finding the machines to converge: \(error)", failed: true)
        }
        guard !affected.isEmpty else { return StepOutcome("no machine uses it") }
        let results = Locked([String: Result<CommandResult, Error>]())
        let arguments = serverArguments
        let sous = sous, root = root
        BlockingThreads.run(count: affected.count, limit: affected.count) { index in
            let result = Self.child(sous, ["machine", "converge", affected[index]] + arguments, in: root)
            results.update { $0[affected[index]] = result }
        }
        let outcomes = results.current
        let failed = affected.filter { (try? outcomes[$0]?.get())?.status != 0 }
        if let first = failed.first, let ran = outcomes[first] { return .failed("converging \(failed.joined(separator: ", "))", ran) }
        return StepOutcome("converged \(affected.joined(separator: ", "))")
    }

    private func runSpecs() -> StepOutcome {
        var arguments = ["verify", "--format", "progress", "--no-color"] + serverArguments + specs
        if let environment { arguments += ["-E", environment] }
        let ran = child(arguments)
        guard case .success(let result) = ran else { return .failed("running the specs", ran) }
        let summary = result.output.split(separator: "\n").last { $0.contains(" examples, ") || $0.contains(" example, ") }.map(String.init)
        switch result.status {
        case 0: return StepOutcome("passed: \(summary ?? "no examples")")
        case 1: return StepOutcome("FAILED: \(summary ?? "specs failed")", failed: true)
        default: return .failed("running the specs", ran)
        }
    }
}

/// What one step of a cycle did: its words on the cycle's line, and whether it failed (a
/// failed step ends the cycle there).
struct StepOutcome {
    let text: String
    let failed: Bool

    init(_ text: String, failed: Bool = false) {
        self.text = text
        self.failed = failed
    }

    /// A failed child's own words: its last lines of error output (else of output), or why
    /// it could not be started.
    static func failed(_ step: String, _ ran: Result<CommandResult, Error>) -> StepOutcome {
        let text: String
        switch ran {
        case .success(let result): text = result.errorOutput.isEmpty ? result.output : result.errorOutput
        case .failure(let error): text = "\(error)"
        }
        let tail = text.split(separator: "\n").suffix(6).joined(separator: "\n    ")
        return StepOutcome("FAILED \(step)" + (tail.isEmpty ? "" : ":\n    " + tail), failed: true)
    }
}

/// What a batch of changed paths (relative to the chef-repo) touches.
struct RepositoryChange {
    var cookbooks: Set<String> = []
    var roles: Set<String> = []
    var environments: Set<String> = []
    var dataBags = false
    /// roles/x.json, environments/y.json, data_bags/b/i.json, as `knife upload` takes them.
    var objects: [String] = []

    init(_ paths: [String]) {
        for path in paths {
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count >= 2 else { continue }
            let stem = parts[parts.count - 1].split(separator: ".").first.map(String.init) ?? ""
            switch parts[0] {
            case "cookbooks": cookbooks.insert(parts[1])
            case "roles": roles.insert(stem); objects.append(path)
            case "environments": environments.insert(stem); objects.append(path)
            case "data_bags": dataBags = true; objects.append(path)
            default: break
            }
        }
    }

    var touchesMachines: Bool { !cookbooks.isEmpty || !roles.isEmpty || !environments.isEmpty || dataBags }
}


