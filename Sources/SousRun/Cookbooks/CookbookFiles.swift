import SousChefServer
import SousLanguage
import SousSupport

/// One file of a cookbook as a Chef server records it (chef/chef `cookbook_version_loader`,
/// `cookbook_manifest`): its record name (`recipes/default.rb`, `root_files/README.md`), its
/// path inside the cookbook, the MD5 of its bytes and its specificity.
public struct CookbookFile: Sendable, Equatable {
    /// The top folder (`recipes`, `templates`...) or `root_files` for a file at the top.
    public let segment: String
    public let name: String
    public let path: String
    public let checksum: String
    public let specificity: String
    /// Where its bytes are: a file on disk, or bytes made here (a metadata.json generated
    /// from metadata.rb).
    public let source: Source

    public enum Source: Sendable, Equatable {
        case file(String)
        case bytes([UInt8])
    }

    /// The nine segments of the v0 cookbook document; files under any other folder (`spec/`,
    /// `test/`) are not part of an upload to a server that speaks v0.
    public static let segments = ["resources", "providers", "recipes", "definitions", "libraries", "attributes", "files",
                                  "templates", "root_files"]

    public func bytes() throws -> [UInt8] {
        switch source {
        case .file(let path): return try FileSystem.read(path)
        case .bytes(let bytes): return bytes
        }
    }

    /// The record for the file at `path` (relative, `/`-separated) with these bytes' MD5.
    public init(path: String, checksum: String, source: Source) {
        let parts = path.split(separator: "/").map(String.init)
        self.path = path
        self.checksum = checksum
        self.source = source
        if parts.count == 1 {
            segment = "root_files"
            name = "root_files/\(path)"
            specificity = "default"
        } else {
            segment = parts[0]
            name = "\(parts[0])/\(parts[parts.count - 1])"
            if segment == "templates" || segment == "files" {
                specificity = parts.count == 2 ? "root_default" : parts[1]
            } else {
                specificity = "default"
            }
        }
    }

    /// The record as the v0 document lists it in its segment: the name without the segment.
    public var v0Record: JSON {
        .object([("name", .string(String(name.dropFirst(segment.count + 1)))), ("path", .string(path)),
                 ("checksum", .string(checksum)), ("specificity", .string(specificity))])
    }

    /// The lowercase hex MD5 Chef uses as a file's checksum.
    public static func checksum(of bytes: [UInt8]) -> String {
        Digest.hex(Digest.named("MD5", bytes) ?? [])
    }
}

/// A cookbook folder read as knife reads it for an upload: its metadata (from metadata.json,
/// else metadata.rb evaluated) and a record for every file that goes to the server.
public struct CookbookOnDisk: Sendable {
    public let name: String
    public let version: String
    public let folder: String
    /// Chef::Cookbook::Metadata#to_h: the 18 keys Chef sends.
    public let metadata: JSON
    /// `depends`: each cookbook with its constraint (`>= 0.0.0`, `= 1.0`, `~> 2.1`).
    public let dependencies: [(String, String)]
    public let files: [CookbookFile]

    /// The cookbook version as a server that speaks API v0 takes it: the nine segments
    /// (each present, `[]` when empty), metadata, and `frozen?`.
    public func document(frozen: Bool) -> JSON {
        var pairs: [(String, JSON)] = [("name", .string("\(name)-\(version)")), ("cookbook_name", .string(name)),
                                       ("version", .string(version)), ("chef_type", .string("cookbook_version")),
                                       ("json_class", .string("Chef::CookbookVersion")), ("frozen?", .bool(frozen)),
                                       ("metadata", metadata)]
        for segment in CookbookFile.segments {
            pairs.append((segment, .array(files.filter { $0.segment == segment }.map(\.v0Record))))
        }
        return .object(pairs)
    }

    /// The version as the uploader takes it: the document and the files it lists, by
    /// checksum (one source per checksum).
    public func upload(frozen: Bool) -> CookbookVersionUpload {
        var byChecksum: [String: CookbookUploadFile] = [:]
        for file in files where CookbookFile.segments.contains(file.segment) && byChecksum[file.checksum] == nil {
            byChecksum[file.checksum] = CookbookUploadFile(path: "\(folder)/\(file.path)", read: { try file.bytes() })
        }
        return CookbookVersionUpload(name: name, version: version, document: document(frozen: frozen), files: byChecksum)
    }
}

/// Reads cookbook folders for upload.
public enum CookbookReader {
    /// Reads the cookbook in `folder`. Its name is the metadata's `name`, else the folder's.
    public static func read(_ folder: String, interpreter: Interpreter) throws -> CookbookOnDisk {
        var folder = folder
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        let folderName = FileSystem.basename(of: folder)
        let ignores = chefignore(for: folder)
        var paths: [String] = []
        try walk(folder, relative: "", into: &paths)
        paths = paths.filter { path in path != ".uploaded-cookbook-version.json" && !ignores.contains { fnmatch($0, path) } }.sorted()

        var metadata: JSON
        var generated: [UInt8]?
        if paths.contains("metadata.json") {
            let text = try FileSystem.read("\(folder)/metadata.json")
            do {
                metadata = try JSON.parse(bytes: text)
            } catch {
                throw CookbookReadError.invalidMetadata(cookbook: folderName, file: "\(folder)/metadata.json", reason: "\(error)")
            }
        } else if paths.contains("metadata.rb") {
            metadata = try evaluateMetadata("\(folder)/metadata.rb", interpreter: interpreter)
        } else {
            throw CookbookReadError.noMetadata(folder: folder)
        }
        if metadata["name"]?.stringValue?.isEmpty ?? true { metadata = metadata.setting("name", to: .string(folderName)) }
        let name = metadata["name"]?.stringValue ?? folderName
        guard let version = metadata["version"]?.stringValue, !version.isEmpty else {
            throw CookbookReadError.invalidMetadata(cookbook: name, file: folder, reason: "it has no version")
        }
        // Every recipe file is a recipe of the cookbook, as Chef lists them when it builds
        // the version (`demo` for default.rb, `demo::other`).
        let recipeNames = paths.filter { $0.hasPrefix("recipes/") && $0.hasSuffix(".rb") && !$0.dropFirst(8).contains("/") }
            .map { path -> String in
                let base = String(path.dropFirst(8).dropLast(3))
                return base == "default" ? name : "\(name)::\(base)"
            }
        var recipes = metadata["recipes"]?.objectValue ?? []
        for recipe in recipeNames where !recipes.contains(where: { $0.0 == recipe }) { recipes.append((recipe, .string(""))) }
        metadata = metadata.setting("recipes", to: .object(recipes))
        var providing = metadata["providing"]?.objectValue ?? []
        for recipe in recipeNames where !providing.contains(where: { $0.0 == recipe }) { providing.append((recipe, .string(">= 0.0.0"))) }
        metadata = metadata.setting("providing", to: .object(providing))
        if !paths.contains("metadata.json") {
            // Uploads always carry metadata.json; made from metadata.rb when there is none.
            generated = Array(metadata.rendered(pretty: true).utf8)
        }

        var files: [CookbookFile] = []
        for path in paths {
            let bytes: [UInt8]
            do {
                bytes = try FileSystem.read("\(folder)/\(path)")
            } catch {
                throw CookbookReadError.unreadableFile(cookbook: name, path: "\(folder)/\(path)", reason: FileSystem.reason(error))
            }
            files.append(CookbookFile(path: path, checksum: CookbookFile.checksum(of: bytes), source: .file("\(folder)/\(path)")))
        }
        if let generated {
            files.append(CookbookFile(path: "metadata.json", checksum: CookbookFile.checksum(of: generated), source: .bytes(generated)))
        }
        let dependencies = (metadata["dependencies"]?.objectValue ?? []).map { ($0.0, $0.1.stringValue ?? ">= 0.0.0") }
        return CookbookOnDisk(name: name, version: version, folder: folder, metadata: metadata, dependencies: dependencies, files: files)
    }

    /// metadata.rb evaluated on a `Chef::Cookbook::Metadata`, as its `to_h`.
    static func evaluateMetadata(_ path: String, interpreter: Interpreter) throws -> JSON {
        try MetadataDSL.install(into: interpreter)
        guard let metadataClass = interpreter.constant(path: "Chef::Cookbook::Metadata") else {
            preconditionFailure("Chef::Cookbook::Metadata is missing after installing it")
        }
        let metadata = try interpreter.callMethod(metadataClass, "new", Args())
        try interpreter.load(path: path, selfValue: metadata)
        return try interpreter.jsonValue(of: try interpreter.callMethod(metadata, "to_h", Args()))
    }

    /// Every regular file below `folder`, relative to it; top-level folders whose name
    /// starts with `.` are left out (`.git`), as Chef leaves them out.
    static func walk(_ folder: String, relative: String, into paths: inout [String]) throws {
        let here = relative.isEmpty ? folder : "\(folder)/\(relative)"
        for entry in try FileSystem.list(here).sorted() {
            if relative.isEmpty && entry.hasPrefix(".") && FileSystem.kind("\(here)/\(entry)") == .directory { continue }
            let path = relative.isEmpty ? entry : "\(relative)/\(entry)"
            switch FileSystem.kind("\(folder)/\(path)") {
            case .directory: try walk(folder, relative: path, into: &paths)
            case .file: paths.append(path)
            default: continue
            }
        }
    }

    /// The globs of the first `chefignore` found from the cookbook's folder upwards.
    static func chefignore(for folder: String) -> [String] {
        var current = folder
        while true {
            if let text = FileSystem.text("\(current)/chefignore") {
                return text.split(separator: "\n").map { line in
                    String(line.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
                }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
            }
            let parent = FileSystem.dirname(of: current)
            if parent == current || current.isEmpty { return [] }
            current = parent
        }
    }

    /// Ruby's `File.fnmatch` with no flags, as chefignore uses it: `*` and `?` match any
    /// character including `/`, but not a `.` at the start of the string.
    static func fnmatch(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            switch p[i] {
            case "*":
                if j == 0 && t.first == "." { return false }
                var k = j
                while true {
                    if match(i + 1, k) { return true }
                    if k == t.count { return false }
                    k += 1
                }
            case "?":
                guard j < t.count, !(j == 0 && t[j] == ".") else { return false }
                return match(i + 1, j + 1)
            case "\\" where i + 1 < p.count:
                return j < t.count && t[j] == p[i + 1] && match(i + 2, j + 1)
            default:
                return j < t.count && t[j] == p[i] && match(i + 1, j + 1)
            }
        }
        return match(0, 0)
    }
}

/// A cookbook folder that cannot be read for upload: which cookbook and file, and why.
public enum CookbookReadError: UserFacingError {
    case noMetadata(folder: String)
    case invalidMetadata(cookbook: String, file: String, reason: String)
    case unreadableFile(cookbook: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .noMetadata(let folder):
            return "\(folder) has no metadata.rb or metadata.json, so it is not a cookbook; add a metadata.rb with its name and version"
        case .invalidMetadata(let cookbook, let file, let reason):
            return "the metadata of cookbook \(cookbook) (\(file)) is not usable: \(reason)"
        case .unreadableFile(let cookbook, let path, let reason):
            return "cannot read \(path) of cookbook \(cookbook): \(reason)"
        }
    }
}
