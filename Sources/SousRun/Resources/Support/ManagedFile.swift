#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousLanguage
import SousSupport

/// What `file`, `template`, `cookbook_file` and `remote_file` share: creating the file,
/// replacing its content atomically with a diff and a backup, access control, deleting and
/// touching it, each reported in Chef's words.
struct ManagedFile {
    let context: ActionContext
    let path: String

    init(_ context: ActionContext, path: String) {
        self.context = context
        self.path = path
    }

    private var sensitive: Bool { context.resource.sensitive }

    /// The file's current kind, refusing paths that are folders (as Chef does: even
    /// `force_unlink` does not remove a folder).
    func currentStatus() throws -> FileStatus? {
        let status = FileSystem.status(path)
        if status?.kind == .directory {
            throw ActionError("Chef::Exceptions::FileTypeMismatch",
                              "File \(path) exists, but is a directory; remove the directory or give the file another path")
        }
        return status
    }

    /// With `force_unlink`, a symbolic link or special file at the path is removed so a
    /// regular file can take its place; without it a link is written through and a special
    /// file is an error. Returns the status left to work with.
    private func clearNonFile(_ status: FileStatus?) throws -> FileStatus? {
        guard let status, status.kind != .file else { return status }
        if try context.bool("force_unlink") {
            let kind = status.kind == .symlink ? "symlink" : "special file"
            try context.converge(by: "unlink \(kind) at \(path)") { try FileSystem.remove(path) }
            return nil
        }
        if status.kind == .other {
            throw ActionError("Chef::Exceptions::FileTypeMismatch",
                              "File \(path) exists, but is a special file, set force_unlink to true to remove the target file")
        }
        return status
    }

    /// Checks the folder the file goes in. In why-run a missing folder is assumed to be made
    /// by an earlier resource, as Chef assumes.
    func checkParentFolder() throws {
        let parent = FileSystem.dirname(of: path)
        if FileSystem.kind(parent) == .directory { return }
        if context.whyRun {
            context.assumeUnderWhyRun("Parent directory \(parent) does not exist.", "Assuming directory \(parent) would have been created")
            return
        }
        throw ActionError("Chef::Exceptions::EnclosingDirectoryDoesNotExist", "Parent directory \(parent) does not exist.")
    }

    /// Makes the file exist with `content` (nil leaves the content alone).
    /// Returns whether the file was (or in why-run, would be) created.
    @discardableResult
    func create(content: [UInt8]?) throws -> Bool {
        try checkParentFolder()
        let existing = try clearNonFile(try currentStatus())
        let old: [UInt8] = existing == nil ? [] : try FileSystem.read(path)
        // `atomic_update false` writes in place, for files other processes hold open.
        let atomic = try context.bool("atomic_update")
        if existing == nil {
            let mode = 0o666 & ~FileSystem.umask
            if let content {
                try writeContent(old: nil, new: content, isNew: true) {
                    if atomic {
                        try FileSystem.replaceAtomically(path, with: content, defaultMode: mode)
                    } else {
                        try FileSystem.overwrite(path, with: content)
                    }
                }
            } else {
                try context.converge(by: "create new file \(path)") {
                    try FileSystem.createEmptyFile(path, mode: mode)
                }
            }
            return true
        }
        guard let content, content != old else { return false }
        try writeContent(old: old, new: content, isNew: false) {
            try backUp()
            if existing?.kind == .symlink || !atomic {
                try FileSystem.overwrite(path, with: content)
            } else {
                do {
                    try FileSystem.replaceAtomically(path, with: content, defaultMode: 0o644)
                } catch let failure as SystemCallFailure where failure.operation == "rename" && failure.code == EBUSY {
                    // A file mounted in place (a container's /etc/hosts, a local machine's)
                    // cannot be replaced, only written.
                    context.logger.debug("\(context.resource.identity): \(path) is a mount point; written in place")
                    try FileSystem.overwrite(path, with: content)
                }
            }
        }
        return false
    }

    /// Chef's file provider: a new file is created, then its content is reported as an update
    /// from `none`, with a diff or, for a sensitive resource, a `suppressed sensitive resource`
    /// line. Under why-run a file that is not there yet only "would be created": Chef reports
    /// content changes only of a file that exists.
    private func writeContent(old: [UInt8]?, new: [UInt8], isNew: Bool, _ writeFile: () throws -> Void) throws {
        let write = {
            try self.verify(new)
            try writeFile()
        }
        var descriptions: [String] = []
        if isNew { descriptions.append("create new file \(path)") }
        if isNew && context.whyRun { return try context.converge(by: descriptions, write) }
        let from = old.map { String(Digest.sha256Hex($0).prefix(6)) } ?? "none"
        descriptions.append("update content in file \(path) from \(from) to \(Digest.sha256Hex(new).prefix(6))")
        if sensitive {
            descriptions.append("suppressed sensitive resource")
            return try context.converge(by: descriptions, write)
        }
        let diff = UnifiedDiff.lines(old: old ?? [], new: new, oldLabel: path,
                                     newLabel: "\(FileSystem.dirname(of: path))/.chef-\(FileSystem.basename(of: path))")
        try context.converge(by: descriptions, detail: diff, write)
    }

    /// Chef's `verify`: each command (`%{path}` is the proposed content, in a file next to
    /// the target) or block must pass before the content replaces the file.
    func verify(_ content: [UInt8]) throws {
        guard context.resource.type.property(named: "verify") != nil else { return }
        let value = try context.value("verify")
        let checks = value.asArray?.items ?? (value.isNil ? [] : [value])
        guard !checks.isEmpty else { return }
        let proposed = "\(FileSystem.dirname(of: path))/.sous-verify-\(FileSystem.basename(of: path))-\(getpid())"
        try FileSystem.replaceAtomically(proposed, with: content, defaultMode: 0o600)
        defer { try? FileSystem.remove(proposed) }
        for check in checks {
            let passed: Bool
            let shown: String
            if let block = check.asProc {
                shown = "a block"
                passed = try context.interpreter.callBlock(block, [context.interpreter.makeString(proposed)]).isTruthy
            } else {
                let command = try context.interpreter.toS(check)
                shown = command
                let filled = command.replacingPlaceholder("%{path}", with: proposed).replacingPlaceholder("%{file}", with: proposed)
                passed = try CommandRunner.run(.shell(filled)).status == 0
            }
            guard passed else {
                throw ActionError("Chef::Exceptions::ValidationFailed", "Proposed content for \(path) failed verification \(shown)")
            }
        }
    }

    /// Chef's `backup`: keeps the last N versions under the backup folder before a change.
    func backUp() throws {
        let keep: Int
        switch try context.value("backup") {
        case .integer(let count): keep = count
        case .bool(false), .null: keep = 0
        default: keep = 5
        }
        guard keep > 0, FileSystem.status(path)?.kind == .file else { return }
        try FileBackup(root: context.run.fileBackupPath).save(path, keep: keep, logger: context.logger,
                                                              clock: context.run.host.now().seconds)
    }

    func delete() throws {
        guard try currentStatus() != nil else { return }
        try context.converge(by: "delete file \(path)") {
            try backUp()
            try FileSystem.remove(path)
        }
    }

    func touch() throws {
        try context.converge(by: "update utime on file \(path)") {
            try FileSystem.touch(path)
        }
    }

    /// `mode`, `owner` and `group` as the resource asks for them. For a file this action
    /// created, Chef reports each as changed from nothing.
    func applyAccessControl(created: Bool) throws {
        try AccessControl(context: context, path: path, created: created).apply()
    }
}

/// `mode`, `owner` and `group` of files and folders: each changed only when it differs,
/// and reported as Chef reports it (`change mode from '0644' to '0600'`).
struct AccessControl {
    let context: ActionContext
    let path: String
    /// Made by this action: every setting asked for is reported as new.
    let created: Bool

    func apply() throws {
        let current = created ? nil : FileSystem.status(path, followLinks: true)
        if let owner = try context.string("owner") {
            let uid = try Self.userID(owner)
            if current?.owner != uid {
                let from = current.map { FileSystem.userName($0.owner) } ?? ""
                try context.converge(by: "change owner from '\(from)' to '\(owner)'") {
                    try FileSystem.changeOwner(path, owner: uid, group: nil)
                }
            }
        }
        if let group = try context.string("group") {
            let gid = try Self.groupID(group)
            if current?.group != gid {
                let from = current.map { FileSystem.groupName($0.group) } ?? ""
                try context.converge(by: "change group from '\(from)' to '\(group)'") {
                    try FileSystem.changeOwner(path, owner: nil, group: gid)
                }
            }
        }
        if let mode = try Self.mode(context.value("mode"), context: context) {
            if current?.mode != mode {
                let from = current.map { Self.octal($0.mode) } ?? ""
                try context.converge(by: "change mode from '\(from)' to '\(Self.octal(mode))'") {
                    try FileSystem.changeMode(path, mode)
                }
            }
        }
    }

    /// The id of a user named in `owner` (or given as a number), as Chef reports a missing one.
    static func userID(_ name: String) throws -> UInt32 {
        guard let id = FileSystem.userID(name) else {
            throw ActionError("Chef::Exceptions::UserIDNotFound", "cannot determine user id for '\(name)', does the user exist on this system?")
        }
        return id
    }

    static func groupID(_ name: String) throws -> UInt32 {
        guard let id = FileSystem.groupID(name) else {
            throw ActionError("Chef::Exceptions::GroupIDNotFound", "cannot determine group id for '\(name)', does the group exist on this system?")
        }
        return id
    }

    /// `'0644'`, `'644'` or `0644` as permission bits.
    static func mode(_ value: Value, context: ActionContext) throws -> UInt32? {
        switch value {
        case .null: return nil
        case .integer(let number) where number >= 0 && number <= 0o7777: return UInt32(number)
        case .object(let object as RString):
            if let bits = UInt32(object.value, radix: 8), bits <= 0o7777 { return bits }
        default: break
        }
        throw ActionError("Chef::Exceptions::ValidationFailed",
                          "mode \(try context.interpreter.inspect(value)) is not a file mode; give it as a string of octal digits, like '0644'")
    }

    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Copies of files about to change, under Chef's `file_backup_path`, keeping the newest N.
struct FileBackup {
    let root: String

    func save(_ path: String, keep: Int, logger: Logger, clock: Double) throws {
        let relative = path.hasPrefix("/") ? String(path.dropFirst()) : path
        let folder = FileSystem.dirname(of: "\(root)/\(relative)")
        try FileSystem.makeDirectories(folder, mode: 0o700)
        let stamp = Self.stamp(clock)
        let name = FileSystem.basename(of: path)
        let backup = "\(folder)/\(name).chef-\(stamp)"
        try FileSystem.replaceAtomically(backup, with: try FileSystem.read(path), defaultMode: 0o600)
        logger.info("backed up \(path) to \(backup)")
        let previous = try FileSystem.list(folder).filter { $0.hasPrefix("\(name).chef-") }.sorted()
        for old in previous.dropLast(keep) {
            try FileSystem.remove("\(folder)/\(old)")
            logger.info("removed old backup \(folder)/\(old)")
        }
    }

    /// `20261125023000.123456`: sorts in time order.
    static func stamp(_ seconds: Double) -> String {
        let micro = Int((seconds - seconds.rounded(.down)) * 1_000_000)
        return CivilTime(seconds: seconds, offset: 0).compact + "." + CivilTime.pad(micro, 6)
    }
}

extension String {
    /// Every `placeholder` replaced by `value`.
    func replacingPlaceholder(_ placeholder: String, with value: String) -> String {
        var result = "", rest = Substring(self)
        while let range = rest.firstRange(of: placeholder) {
            result += String(rest[..<range.lowerBound]) + value
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
