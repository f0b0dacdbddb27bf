import SousSupport

/// One file of a cookbook version to upload: where it is (for messages) and how to read it.
public struct CookbookUploadFile: Sendable {
    public let path: String
    public let read: @Sendable () throws -> [UInt8]

    public init(path: String, read: @escaping @Sendable () throws -> [UInt8]) {
        self.path = path
        self.read = read
    }
}

/// A cookbook version ready to upload: its document (the body of `PUT /cookbooks/N/V`) and
/// its files by checksum.
public struct CookbookVersionUpload: Sendable {
    public let name: String
    public let version: String
    public let document: JSON
    public let files: [String: CookbookUploadFile]

    public init(name: String, version: String, document: JSON, files: [String: CookbookUploadFile]) {
        self.name = name
        self.version = version
        self.document = document
        self.files = files
    }
}

/// What an upload did: how many files went to the server and how many it had already.
public struct CookbookUploadResult: Sendable {
    public var filesSent = 0
    public var filesAlreadyThere = 0
}

/// Uploads cookbook versions as knife does (chef/chef `cookbook_uploader.rb`):
/// 1. `POST /sandboxes` with every file's checksum; the server answers which it lacks;
/// 2. each of those `PUT` to the URL it gave, several at once, each thread on a connection
///    of its own;
/// 3. `PUT /sandboxes/ID` `{"is_completed": true}` (the server checks every file is in);
/// 4. `PUT /cookbooks/N/V` with the document, saved only now that every file is in.
/// A sandbox is made right before its version is saved: a server may drop stored files no
/// version uses at any update, so a check made earlier could be stale.
public enum CookbookUploader {
    public static func upload(_ cookbook: CookbookVersionUpload, server: ChefServerClient, workers: [ChefServerClient],
                              force: Bool) throws -> CookbookUploadResult {
        let sent = try fillSandbox(with: cookbook, server: server, workers: workers)
        try save(cookbook, on: server, force: force)
        return CookbookUploadResult(filesSent: sent.count, filesAlreadyThere: cookbook.files.count - sent.count)
    }

    /// Steps 1 to 3: a sandbox for `files`' checksums, the files it lacks sent, the sandbox
    /// committed. Returns the checksums that were sent.
    static func fillSandbox(with files: CookbookVersionUpload, server: ChefServerClient, workers: [ChefServerClient]) throws -> Set<String> {
        let checksums = files.files.keys.sorted()
        let sandbox = try server.post("sandboxes", .object([("checksums", .object(checksums.map { ($0, .null) }))]))
        guard let sandboxID = sandbox["sandbox_id"]?.stringValue, let answers = sandbox["checksums"]?.objectValue else {
            throw CookbookUploadError.unexpectedSandbox(cookbook: files.name, answer: sandbox.rendered())
        }
        var needed: [(checksum: String, url: String)] = []
        for (checksum, answer) in answers where answer["needs_upload"]?.boolValue == true {
            guard let url = answer["url"]?.stringValue else {
                throw CookbookUploadError.unexpectedSandbox(cookbook: files.name, answer: sandbox.rendered())
            }
            needed.append((checksum, url))
        }
        try send(needed, of: files, workers: workers.isEmpty ? [server] : workers)
        try server.put("sandboxes/\(sandboxID)", .object([("is_completed", .bool(true))]))
        return Set(needed.map(\.checksum))
    }

    /// Several versions with one sandbox for all their files (one request to ask, one to
    /// commit), then the versions saved in parallel, each on a client of `savers`. A save the
    /// server refuses for a checksum it no longer has (it drops files no version uses at
    /// any update, such as the one a version before it in this batch replaced) is redone
    /// alone, with a sandbox of its own. Returns each version's outcome, in order.
    public static func uploadAll(_ cookbooks: [CookbookVersionUpload], server: ChefServerClient, workers: [ChefServerClient],
                                 savers: [ChefServerClient], force: Bool) throws -> [Result<CookbookUploadResult, Error>] {
        guard !cookbooks.isEmpty else { return [] }
        var files: [String: CookbookUploadFile] = [:]
        for cookbook in cookbooks { files.merge(cookbook.files) { first, _ in first } }
        let batch = CookbookVersionUpload(name: cookbooks.map(\.name).joined(separator: ", "), version: "", document: .null, files: files)
        let sent = try fillSandbox(with: batch, server: server, workers: workers)

        let idle = Locked(savers.isEmpty ? [server] : savers)
        let results = Locked<[Int: Result<CookbookUploadResult, Error>]>([:])
        BlockingThreads.run(count: cookbooks.count, limit: max(1, savers.count)) { index in
            let cookbook = cookbooks[index]
            guard let client = idle.update({ $0.popLast() }) else {
                results.update { $0[index] = .failure(CookbookUploadError.notSaved(cookbook: cookbook.name, version: cookbook.version)) }
                return
            }
            defer { idle.update { $0.append(client) } }
            let result = Result<CookbookUploadResult, Error> {
                do {
                    try save(cookbook, on: client, force: force)
                    let mine = cookbook.files.keys.filter { sent.contains($0) }.count
                    return CookbookUploadResult(filesSent: mine, filesAlreadyThere: cookbook.files.count - mine)
                } catch let error as ChefServerError where error.status == 400 && (error.serverMessage ?? "").contains("checksum") {
                    return try upload(cookbook, server: client, workers: [client], force: force)
                }
            }
            results.update { $0[index] = result }
        }
        let outcome = results.current
        return cookbooks.indices.map { outcome[$0] ?? .failure(CookbookUploadError.notSaved(cookbook: cookbooks[$0].name, version: cookbooks[$0].version)) }
    }

    /// `uploadAll` on connections of its own: up to `concurrency` for the files, up to 4 for
    /// the saves.
    public static func uploadAll(_ cookbooks: [CookbookVersionUpload], server: ChefServerClient, concurrency: Int,
                                 force: Bool) throws -> [Result<CookbookUploadResult, Error>] {
        let fileCount = cookbooks.map(\.files.count).reduce(0, +)
        let workers = try (0..<max(1, min(concurrency, fileCount))).map { _ in try server.sibling() }
        let savers = try (0..<max(1, min(4, cookbooks.count))).map { _ in try server.sibling() }
        return try uploadAll(cookbooks, server: server, workers: workers, savers: savers, force: force)
    }

    /// `PUT /cookbooks/N/V`: the version saved, or refused as frozen.
    static func save(_ cookbook: CookbookVersionUpload, on server: ChefServerClient, force: Bool) throws {
        do {
            try server.put("cookbooks/\(ChefServerClient.escape(cookbook.name))/\(ChefServerClient.escape(cookbook.version))"
                + (force ? "?force=true" : ""), cookbook.document)
        } catch let error as ChefServerError where error.isConflict {
            // Uploading with --freeze a version already frozen with exactly these files asks for
            // what is there (a pipeline that uploads its frozen versions again goes on);
            // knife refuses it too, but refusing helps nobody. Without --freeze, and for any
            // other content, the version is refused as knife refuses it.
            let path = "cookbooks/\(ChefServerClient.escape(cookbook.name))/\(ChefServerClient.escape(cookbook.version))"
            if cookbook.document["frozen?"]?.boolValue == true, let stored = try? server.optional(path),
               files(of: stored) == files(of: cookbook.document) { return }
            throw CookbookUploadError.frozen(cookbook: cookbook.name, version: cookbook.version)
        }
    }

    /// Every file of a cookbook version document (`path` and `checksum`, in whichever
    /// segment or `all_files` list it is).
    static func files(of document: JSON) -> Set<String> {
        var found: Set<String> = []
        for (_, value) in document.objectValue ?? [] {
            for item in value.arrayValue ?? [] {
                if let path = item["path"]?.stringValue, let checksum = item["checksum"]?.stringValue { found.insert(path + "\t" + checksum) }
            }
        }
        return found
    }

    /// Sends the files the sandbox asked for, one thread per worker connection.
    static func send(_ needed: [(checksum: String, url: String)], of cookbook: CookbookVersionUpload,
                     workers: [ChefServerClient]) throws {
        guard !needed.isEmpty else { return }
        let idle = Locked(workers)
        let failures = Locked<[String]>([])
        BlockingThreads.run(count: needed.count, limit: workers.count) { index in
            let (checksum, url) = needed[index]
            guard let file = cookbook.files[checksum] else {
                failures.update { $0.append("the server asked for \(checksum), which is no file of \(cookbook.name)") }
                return
            }
            // At most `workers.count` jobs run at once, so a connection is always free.
            guard let client = idle.update({ $0.popLast() }) else {
                failures.update { $0.append("\(file.path): no connection was free to send it") }
                return
            }
            defer { idle.update { $0.append(client) } }
            do {
                let bytes = try file.read()
                let md5 = Digest.named("MD5", bytes) ?? []
                guard Digest.hex(md5) == checksum else {
                    throw CookbookUploadError.changedWhileUploading(cookbook: cookbook.name, path: file.path)
                }
                try client.putFile(url, bytes: bytes, md5: md5)
            } catch {
                failures.update { $0.append("\(file.path): \(error)") }
            }
        }
        let failed = failures.current
        guard failed.isEmpty else {
            throw CookbookUploadError.filesFailed(cookbook: cookbook.name, version: cookbook.version, failures: failed.sorted())
        }
    }
}

/// Why a cookbook upload stopped. Nothing is saved on the server before every file is in,
/// so running the upload again finishes it.
public enum CookbookUploadError: UserFacingError {
    case unexpectedSandbox(cookbook: String, answer: String)
    case filesFailed(cookbook: String, version: String, failures: [String])
    case changedWhileUploading(cookbook: String, path: String)
    case frozen(cookbook: String, version: String)
    /// Its files are on the server but the version was not saved (no save was attempted).
    case notSaved(cookbook: String, version: String)

    public var description: String {
        switch self {
        case .unexpectedSandbox(let cookbook, let answer):
            return "uploading cookbook \(cookbook): the server's answer to POST /sandboxes is not a sandbox: \(answer.prefix(200))"
        case .filesFailed(let cookbook, let version, let failures):
            return "uploading cookbook \(cookbook) \(version): \(failures.count) file\(failures.count == 1 ? "" : "s") did not upload, "
                + "so the version was not saved; run the upload again:\n" + failures.map { "  " + $0 }.joined(separator: "\n")
        case .changedWhileUploading(let cookbook, let path):
            return "uploading cookbook \(cookbook): \(path) changed while it was being uploaded; run the upload again"
        case .frozen(let cookbook, let version):
            return "Version \(version) of cookbook \(cookbook) is frozen. Use --force to override."
        case .notSaved(let cookbook, let version):
            return "uploading cookbook \(cookbook) \(version): its files are on the server but the version was not saved; run the upload again"
        }
    }
}
