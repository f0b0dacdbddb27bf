import ArgumentParser
import SousChefServer
import SousRun
import SousSupport

/// `knife cookbook upload|list|show|delete|download`, with knife's options and lines
/// (chef/chef v18 `knife/lib/chef/knife/cookbook_*.rb`).
struct KnifeCookbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cookbook", abstract: "Cookbooks on the Chef server.",
        subcommands: [KnifeCookbookUpload.self, KnifeCookbookList.self, KnifeCookbookShow.self, KnifeCookbookDelete.self,
                      KnifeCookbookDownload.self])
}

/// `knife cookbook upload NAME... | --all`: reads each cookbook from the cookbook path,
/// checks that every `depends` is met by the server or the upload, and uploads what the
/// server lacks (see `CookbookUploader`).
struct KnifeCookbookUpload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upload", abstract: "Upload cookbooks to the Chef server.")
    @OptionGroup var options: KnifeOptions
    @Argument(help: "The cookbooks to upload, by name.") var names: [String] = []
    @Flag(name: [.customShort("a"), .customLong("all")], help: "Upload every cookbook on the cookbook path.") var all = false
    @Option(name: [.customShort("o"), .customLong("cookbook-path")], help: "Where the cookbooks are (PATH:PATH), instead of cookbook_path.")
    var cookbookPath: String?
    @Flag(help: "Freeze the uploaded versions.") var freeze = false
    @Flag(help: "Overwrite a frozen version.") var force = false
    @Option(name: [.customShort("E"), .customLong("environment")], help: "Pin the uploaded versions in this environment.")
    var environment: String?
    @Option(help: "Files uploaded at once.") var concurrency = 10
    @Flag(name: [.customShort("d"), .customLong("include-dependencies")], help: "Upload the cookbooks they depend on too.")
    var includeDependencies = false
    @Flag(inversion: .prefixedNo, help: "Check that every dependency is on the server or in the upload.") var checkDependencies = true

    func run() throws {
        try KnifeSession.run(options) { session in
            guard all || !names.isEmpty else { throw UsageError("You must specify the --all flag or at least one cookbook name") }
            let paths = cookbookPath.map { $0.split(separator: ":").map { session.host.absolutePath(String($0)) } }
                ?? session.config.cookbookPaths
            guard !paths.isEmpty else {
                throw UsageError("no cookbook path: give --cookbook-path PATH, or set cookbook_path in the config file")
            }
            let cookbooks = try readCookbooks(paths, session: session)
            let onServer = try session.api.get("cookbooks?num_versions=all")
            if checkDependencies { try Self.checkDependencies(cookbooks, onServer: onServer) }
            let width = checkDependencies ? ((onServer.objectValue ?? []).isEmpty ? 12 : 14) : 24
            for cookbook in cookbooks { session.host.writeError("Uploading \(cookbook.name.padding(to: width)) [\(cookbook.version)]\n") }
            try upload(cookbooks, session: session)
            if let environment { try pin(cookbooks, in: environment, session: session) }
            session.host.writeError(all ? "Uploaded all cookbooks.\n" : "Uploaded \(cookbooks.count) cookbook\(cookbooks.count == 1 ? "" : "s").\n")
        }
    }

    /// One sandbox for every file of the upload, the files the server lacks sent on
    /// `--concurrency` connections, then the versions saved several at once.
    func upload(_ cookbooks: [CookbookOnDisk], session: KnifeSession) throws {
        let results = try CookbookUploader.uploadAll(cookbooks.map { $0.upload(frozen: freeze) }, server: session.api,
                                                     concurrency: concurrency, force: force)
        var failures: [Error] = []
        for (cookbook, result) in zip(cookbooks, results) {
            switch result {
            case .success(let done): session.trace("cookbook \(cookbook.name): \(done.filesSent) files sent, \(done.filesAlreadyThere) already on the server")
            case .failure(let error): failures.append(error)
            }
        }
        guard failures.isEmpty else {
            if failures.count == 1 { throw failures[0] }
            throw CommandFailure("Failed to upload \(failures.count) cookbooks:\n" + failures.map { "  \($0)" }.joined(separator: "\n"))
        }
    }

    /// The named cookbooks (and, with -d, what they depend on), or every cookbook on the
    /// path with --all; the first folder of that name on the path wins.
    func readCookbooks(_ paths: [String], session: KnifeSession) throws -> [CookbookOnDisk] {
        func folder(_ name: String) -> String? {
            paths.lazy.map { "\($0)/\(name)" }.first { FileSystem.kind($0) == .directory }
        }
        var wanted = names
        if all {
            var seen = Set<String>()
            wanted = paths.flatMap { root in ((try? FileSystem.list(root)) ?? []).sorted() }.filter { name in
                guard let found = folder(name), FileSystem.kind("\(found)/metadata.rb") == .file || FileSystem.kind("\(found)/metadata.json") == .file
                else { return false }
                return seen.insert(name).inserted
            }
        }
        var cookbooks: [CookbookOnDisk] = []
        var index = 0
        while index < wanted.count {
            let name = wanted[index]
            index += 1
            guard let found = folder(name) else {
                throw CommandFailure("Cannot find a cookbook named \(name) in \(paths.joined(separator: ", ")); did you forget to add "
                    + "metadata to a cookbook? (https://docs.chef.io/config_rb_metadata/)")
            }
            let cookbook = try CookbookReader.read(found, interpreter: session.interpreter)
            cookbooks.append(cookbook)
            if includeDependencies {
                for (dependency, _) in cookbook.dependencies where !wanted.contains(dependency) && folder(dependency) != nil {
                    wanted.append(dependency)
                }
            }
        }
        return cookbooks
    }

    /// Every `depends` met by a version on the server or by a cookbook of this upload,
    /// else knife's error naming what is missing.
    static func checkDependencies(_ cookbooks: [CookbookOnDisk], onServer: JSON) throws {
        for cookbook in cookbooks {
            var missing: [String] = []
            for (dependency, constraint) in cookbook.dependencies {
                let rule = VersionConstraint.cookbook(constraint)
                let uploaded = cookbooks.filter { $0.name == dependency }.map(\.version)
                let stored = (onServer[dependency]?["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue }
                if !(uploaded + stored).contains(where: { rule?.includes($0) ?? false }) {
                    missing.append("'\(dependency)' version '\(constraint)'")
                }
            }
            guard missing.isEmpty else {
                throw CommandFailure("Cookbook \(cookbook.name) depends on cookbooks which are not currently being uploaded and cannot "
                    + "be found on the server. The missing cookbook(s) are: \(missing.joined(separator: ", "))")
            }
        }
    }

    /// `-E ENV`: the environment's `cookbook_versions` pin each uploaded version.
    func pin(_ cookbooks: [CookbookOnDisk], in environment: String, session: KnifeSession) throws {
        guard var document = try session.api.fetch(.environment, environment) else {
            throw CommandFailure("The environment \(environment) does not exist on the server, aborting.")
        }
        var versions = document["cookbook_versions"]?.objectValue ?? []
        for cookbook in cookbooks {
            versions.removeAll { $0.0 == cookbook.name }
            versions.append((cookbook.name, .string("= \(cookbook.version)")))
        }
        document = document.setting("cookbook_versions", to: .object(versions))
        try session.api.save(.environment, environment, document)
    }
}

/// `knife cookbook list [-a]`: `name: version` per cookbook, newest first with -a.
struct KnifeCookbookList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the cookbooks on the Chef server.")
    @OptionGroup var options: KnifeOptions
    @Flag(name: [.customShort("a"), .customLong("all")], help: "Every version, not only the latest.") var all = false

    func run() throws {
        try KnifeSession.run(options) { session in
            let listing = try session.api.get("cookbooks?num_versions=\(all ? "all" : "1")")
            session.outputVersions(listing)
        }
    }
}

/// `knife cookbook show NAME [VERSION [PART [FILENAME]]]`.
struct KnifeCookbookShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a cookbook's versions, a version, or one of its files.")
    @OptionGroup var options: KnifeOptions
    @Argument var name: String
    @Argument var version: String?
    @Argument(help: "metadata, or a segment (recipes, templates, files, root_files...).") var part: String?
    @Argument var fileName: String?

    func run() throws {
        try KnifeSession.run(options) { session in
            let cookbookPath = "cookbooks/\(ChefServerClient.escape(name))"
            guard let version else {
                guard let listing = try session.api.optional(cookbookPath) else { throw CommandFailure("Cannot find a cookbook named \(name)") }
                session.outputVersions(.object([(name, listing[name] ?? listing)]))
                return
            }
            guard let document = try session.api.optional("\(cookbookPath)/\(ChefServerClient.escape(version))") else {
                throw CommandFailure("Cannot find a cookbook named \(name) with version \(version)")
            }
            guard let part else { return session.output(document) }
            if part == "metadata" { return session.output(document["metadata"] ?? .null) }
            let records = document[part]?.arrayValue ?? []
            guard let fileName else { return session.output(.array(records)) }
            guard let record = records.first(where: { $0["name"]?.stringValue == fileName }), let url = record["url"]?.stringValue else {
                throw CommandFailure("cookbook \(name) \(version) has no \(part) file named \(fileName)")
            }
            session.write(String(decoding: try session.api.send("GET", url).body, as: UTF8.self))
        }
    }
}

/// `knife cookbook delete NAME VERSION | NAME --all`.
struct KnifeCookbookDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a cookbook version, or every version.")
    @OptionGroup var options: KnifeOptions
    @Argument var name: String
    @Argument var version: String?
    @Flag(name: [.customShort("a"), .customLong("all")], help: "Delete every version.") var all = false

    func run() throws {
        try KnifeSession.run(options) { session in
            let versions = try session.cookbookVersions(name)
            guard !versions.isEmpty else { throw CommandFailure("Cannot find a cookbook named \(name) to delete.") }
            let cookbookPath = "cookbooks/\(ChefServerClient.escape(name))"
            if let version = version ?? (versions.count == 1 && !all ? versions[0] : nil) {
                guard versions.contains(version) else { throw CommandFailure("Cannot find version \(version) of cookbook \(name) to delete.") }
                try session.confirm("Do you really want to delete \(name) version \(version)")
                try session.api.delete("\(cookbookPath)/\(ChefServerClient.escape(version))")
                session.print("Deleted cookbook[\(name) version \(version)]")
                return
            }
            guard all else {
                throw UsageError("cookbook \(name) has versions \(versions.joined(separator: ", ")); name one, or give --all")
            }
            try session.confirm("Do you really want to delete all versions of \(name)")
            for version in versions {
                try session.api.delete("\(cookbookPath)/\(ChefServerClient.escape(version))")
                session.host.writeError("Deleted cookbook[\(name)][\(version)]\n")
            }
        }
    }
}

/// `knife cookbook download NAME [VERSION] [-d DIR] [-N] [--force]`: the version's files
/// into DIR/NAME-VERSION, each checked against its checksum.
struct KnifeCookbookDownload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Download a cookbook version into a folder.")
    @OptionGroup var options: KnifeOptions
    @Argument var name: String
    @Argument var version: String?
    @Option(name: [.customShort("d"), .customLong("dir")], help: "The folder to download into (default: the current one).") var dir: String?
    @Flag(name: [.customShort("N"), .customLong("latest")], help: "The latest version.") var latest = false
    @Flag(name: [.customShort("f"), .customLong("force")], help: "Replace the folder if it exists.") var force = false

    func run() throws {
        try KnifeSession.run(options) { session in
            let versions = try session.cookbookVersions(name)
            guard !versions.isEmpty else { throw CommandFailure("No such cookbook found") }
            let sorted = versions.sorted { VersionConstraint.compare(VersionConstraint.segments($0) ?? [], VersionConstraint.segments($1) ?? []) < 0 }
            guard let chosen = version ?? (versions.count == 1 || latest ? sorted.last : nil) else {
                throw UsageError("cookbook \(name) has versions \(sorted.joined(separator: ", ")); name one, or give --latest")
            }
            guard let document = try session.api.optional("cookbooks/\(ChefServerClient.escape(name))/\(ChefServerClient.escape(chosen))") else {
                throw CommandFailure("Cannot find a cookbook named \(name) with version \(chosen)")
            }
            let base = "\(session.host.absolutePath(dir ?? "."))/\(name)-\(chosen)"
            if FileSystem.kind(base) != nil {
                guard force else { throw CommandFailure("Directory \(base) exists, use --force to overwrite") }
                try FileSystem.removeTree(base)
            }
            session.host.writeError("Downloading \(name) cookbook version \(chosen)\n")
            for segment in CookbookFile.segments {
                let records = document[segment]?.arrayValue ?? []
                guard !records.isEmpty else { continue }
                session.host.writeError("Downloading \(segment)\n")
                for record in records {
                    guard let path = record["path"]?.stringValue, let url = record["url"]?.stringValue,
                          let checksum = record["checksum"]?.stringValue, !path.split(separator: "/").contains("..") else {
                        throw CommandFailure("cookbook \(name) \(chosen) has a \(segment) record sous cannot use: \(record.rendered())")
                    }
                    let bytes = try session.api.send("GET", url).body
                    guard CookbookFile.checksum(of: bytes) == checksum else {
                        throw CommandFailure("\(path) of cookbook \(name) \(chosen) does not match its checksum \(checksum) after download; run again")
                    }
                    try FileSystem.makeDirectories(FileSystem.dirname(of: "\(base)/\(path)"), mode: 0o755)
                    try FileSystem.replaceAtomically("\(base)/\(path)", with: bytes, defaultMode: 0o644)
                }
            }
            session.host.writeError("Cookbook downloaded to \(base)\n")
        }
    }
}

extension KnifeSession {
    /// A cookbook's versions on the server, newest first; empty when it has none.
    func cookbookVersions(_ name: String) throws -> [String] {
        guard let listing = try api.optional("cookbooks/\(ChefServerClient.escape(name))") else { return [] }
        return (listing[name]?["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue }
    }

    /// knife's cookbook list: `name: v1 v2` with the names padded to one width, or with
    /// `-F json` each name with its versions as a list.
    func outputVersions(_ listing: JSON) {
        let rows = (listing.objectValue ?? []).map { name, entry in
            (name, (entry["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue })
        }.sorted { $0.0 < $1.0 }
        if options.outputFormat == .json {
            output(.object(rows.map { ($0.0, .array($0.1.map { .string($0) })) }))
            return
        }
        let width = (rows.map(\.0.count).max() ?? 0) + 1
        for (name, versions) in rows { print("\((name + ":").padding(to: width)) \(versions.joined(separator: " "))") }
    }
}
