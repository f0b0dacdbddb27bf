#if canImport(Glibc)
import Glibc
#endif
import SousSupport

/// A `File::Stat`: one `stat` of a path, read once.
final class RFileStat: RObject {
    let status: FileStatus
    let path: String

    init(status: FileStatus, path: String, klass: RModule) {
        self.status = status
        self.path = path
        super.init(klass: klass)
    }
}

/// `File.stat`, `File.lstat`, `File::Stat` and the questions answered from a stat
/// (`File.mtime`, `File.executable?`, `File.symlink?`, `File.size?`), which cookbook
/// libraries ask while loading.
extension Interpreter {
    func installFileStat() {
        let file = classes.file!
        let statClass = classes.defineClass("Stat", in: file)

        func status(_ interp: Interpreter, _ value: Value, followLinks: Bool, operation: String) throws -> FileStatus {
            let given = try interp.filePath(value)
            guard let status = interp.host.fileStatus(interp.resolvePath(given), followLinks: followLinks) else {
                throw interp.systemCallError(HostError(.notFound, path: given, operation: operation), path: given, operation: operation)
            }
            return status
        }
        func makeStat(_ interp: Interpreter, _ value: Value, followLinks: Bool, operation: String) throws -> Value {
            let status = try status(interp, value, followLinks: followLinks, operation: operation)
            return .object(RFileStat(status: status, path: interp.resolvePath(try interp.filePath(value)), klass: statClass))
        }
        func optionalStatus(_ interp: Interpreter, _ value: Value, followLinks: Bool = true) throws -> FileStatus? {
            interp.host.fileStatus(interp.resolvePath(try interp.filePath(value)), followLinks: followLinks)
        }
        func stat(_ value: Value) -> FileStatus { (value.asObject as? RFileStat)?.status ?? FileStatus.missing }
        // `File::Stat.new(path)`, as `File.stat(path)`.
        defineSingleton(statClass, [
            .method("new", arity: .checkedByBody) { interp, _, args in try makeStat(interp, args[0], followLinks: true, operation: "rb_file_s_stat") },
        ])

        defineSingleton(file, [
            .method("stat", arity: .exactly(1)) { interp, _, args in try makeStat(interp, args[0], followLinks: true, operation: "rb_file_s_stat") },
            .method("lstat", arity: .exactly(1)) { interp, _, args in try makeStat(interp, args[0], followLinks: false, operation: "rb_file_s_lstat") },
        ])
        let times: [(String, KeyPath<FileStatus, timespec>)] = [("mtime", \.modified), ("atime", \.accessed), ("ctime", \.changed)]
        for (name, time) in times {
            defineSingleton(file, name, arity: .exactly(1)) { interp, _, args in
                let status = try status(interp, args[0], followLinks: true, operation: "rb_file_s_\(name)")
                return interp.makeTime(FileStatus.seconds(status[keyPath: time]), utc: false)
            }
            define(statClass, name, arity: .exactly(0)) { interp, receiver, _ in interp.makeTime(FileStatus.seconds(stat(receiver)[keyPath: time]), utc: false) }
        }
        defineSingleton(file, [
            .method("executable?", "executable_real?", arity: .exactly(1)) { interp, _, args in
                .bool(interp.host.isExecutable(interp.resolvePath(try interp.filePath(args[0]))))
            },
            .method("symlink?", arity: .exactly(1)) { interp, _, args in
                .bool(try optionalStatus(interp, args[0], followLinks: false)?.kind == .symlink)
            },
            .method("size?", arity: .exactly(1)) { interp, _, args in
                guard let status = try optionalStatus(interp, args[0]), status.size > 0 else { return .null }
                return .integer(status.size)
            },
        ])

        define(statClass, [
            .method("size", arity: .exactly(0)) { _, receiver, _ in .integer(stat(receiver).size) },
            .method("size?", arity: .exactly(0)) { _, receiver, _ in stat(receiver).size > 0 ? .integer(stat(receiver).size) : .null },
            .method("zero?", arity: .exactly(0)) { _, receiver, _ in .bool(stat(receiver).size == 0) },
            .method("mode", arity: .exactly(0)) { _, receiver, _ in .integer(Int(stat(receiver).typeAndMode)) },
            .method("uid", arity: .exactly(0)) { _, receiver, _ in .integer(Int(stat(receiver).owner)) },
            .method("gid", arity: .exactly(0)) { _, receiver, _ in .integer(Int(stat(receiver).group)) },
            .method("ino", arity: .exactly(0)) { _, receiver, _ in .integer(Int(stat(receiver).inode)) },
            .method("nlink", arity: .exactly(0)) { _, receiver, _ in .integer(Int(stat(receiver).links)) },
            .method("file?", arity: .exactly(0)) { _, receiver, _ in .bool(stat(receiver).kind == .file) },
            .method("directory?", arity: .exactly(0)) { _, receiver, _ in .bool(stat(receiver).kind == .directory) },
            .method("symlink?", arity: .exactly(0)) { _, receiver, _ in .bool(stat(receiver).kind == .symlink) },
            .method("executable?", arity: .exactly(0)) { interp, receiver, _ in
                guard let stat = receiver.asObject as? RFileStat else { return .false }
                return .bool(interp.host.isExecutable(stat.path))
            },
            .method("ftype", arity: .exactly(0)) { interp, receiver, _ in
                switch stat(receiver).kind {
                case .file: return interp.makeString("file")
                case .directory: return interp.makeString("directory")
                case .symlink: return interp.makeString("link")
                case .other: return interp.makeString("unknown")
                }
            },
        ])
    }

    /// A path argument: a string, a `File`, or anything with `to_path`.
    func filePath(_ value: Value) throws -> String {
        if let file = value.asObject as? RFile { return file.path }
        if case .object = value, value.asString == nil, respondTo(value, "to_path") {
            return try toStr(try callMethod(value, "to_path", Args()))
        }
        return try toStr(value)
    }
}

extension FileStatus {
    /// What a `File::Stat` made without a stat reports.
    static let missing = FileStatus(kind: .other, mode: 0, owner: 0, group: 0, size: 0, modified: timespec(), accessed: timespec(),
                                    changed: timespec(), inode: 0, device: 0, links: 0)
}
