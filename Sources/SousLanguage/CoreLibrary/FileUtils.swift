import SousSupport

/// `FileUtils`: the file operations recipes and libraries call at compile time
/// (`FileUtils.mkdir_p(dir)` before writing a file, `rm_rf` of a scratch folder). Chef loads
/// it before any recipe, so it is there without a `require`. Each takes a path or a list of
/// paths and returns the list, as Ruby's do; options (`mode:`, `verbose:`, `noop:`) are
/// accepted and ignored, except `noop: true`, which does nothing.
extension Interpreter {
    func installFileUtils() {
        let fileUtils = classes.defineModule("FileUtils")

        func paths(_ interp: Interpreter, _ value: Value) throws -> [String] {
            try (value.asArray?.items ?? [value]).map { try interp.filePath($0) }
        }
        func isNoop(_ args: Args) -> Bool {
            args.keywords?.get(.symbol("noop"))?.isTruthy ?? false
        }
        /// Runs `body` on each absolute path of the first argument; returns that argument as a list.
        func each(_ interp: Interpreter, _ args: Args, _ operation: String, _ body: (_ absolute: String) throws -> Void) throws -> Value {
            let given = try paths(interp, args[0])
            if !isNoop(args) {
                for path in given {
                    do {
                        try body(interp.resolvePath(path))
                    } catch let error as HostError {
                        throw interp.systemCallError(error, path: path, operation: operation)
                    }
                }
            }
            return interp.makeArray(given.map { interp.makeString($0) })
        }
        func makeDirectories(_ interp: Interpreter, _ path: String) throws {
            guard interp.host.fileKind(path) != .directory else { return }
            let parent = PathOperations.dirname(path)
            if parent != path { try makeDirectories(interp, parent) }
            try interp.host.makeDirectory(path)
        }
        func removeTree(_ interp: Interpreter, _ path: String) throws {
            if interp.host.fileKind(path) == .directory {
                for entry in try interp.host.listDirectory(path) where entry != "." && entry != ".." {
                    try removeTree(interp, PathOperations.join([path, entry]))
                }
            }
            try interp.host.removeFile(path)
        }
        /// `cp a b` / `cp a dir`: where the copy goes.
        func destination(_ interp: Interpreter, source: String, _ target: Value) throws -> String {
            let to = interp.resolvePath(try paths(interp, target).first ?? "")
            return interp.host.fileKind(to) == .directory ? PathOperations.join([to, PathOperations.basename(source)]) : to
        }

        defineSingleton(fileUtils, [
            .method("mkdir_p", "makedirs", "mkpath", arity: .atLeast(1)) { interp, _, args in
                try each(interp, args, "rb_sysopen") { path in try makeDirectories(interp, path) }
            },
            .method("mkdir", arity: .atLeast(1)) { interp, _, args in
                try each(interp, args, "dir_s_mkdir") { path in try interp.host.makeDirectory(path) }
            },
            .method("touch", arity: .atLeast(1)) { interp, _, args in
                try each(interp, args, "rb_sysopen") { path in
                    if interp.host.fileKind(path) == nil { try interp.host.writeFile(path, [], append: true) }
                }
            },
            .method("rm", "remove", arity: .atLeast(1)) { interp, _, args in
                try each(interp, args, "apply2files") { path in
                    if interp.host.fileKind(path) == .directory { throw HostError(.isDirectory, path: path, operation: "apply2files") }
                    try interp.host.removeFile(path)
                }
            },
            .method("rm_f", "safe_unlink", arity: .atLeast(1)) { interp, _, args in
                try each(interp, args, "unlink") { path in
                    if let kind = interp.host.fileKind(path), kind != .directory { try? interp.host.removeFile(path) }
                }
            },
            .method("rm_r", arity: .atLeast(1)) { interp, _, args in
                try each(interp, args, "apply2files") { path in
                    guard interp.host.fileKind(path) != nil else { throw HostError(.notFound, path: path, operation: "apply2files") }
                    try removeTree(interp, path)
                }
            },
            .method("rm_rf", "rmtree", "remove_dir", "remove_entry", arity: .atLeast(1)) { interp, _, args in
                try each(interp, args, "lstat") { path in
                    if interp.host.fileKind(path) != nil { try? removeTree(interp, path) }
                }
            },
            .method("rmdir", arity: .atLeast(1)) { interp, _, args in
                try each(interp, args, "dir_s_rmdir") { path in try interp.host.removeFile(path) }
            },
            .method("cp", "copy", "copy_file", arity: .atLeast(2)) { interp, _, args in
                try each(interp, args, "rb_sysopen") { path in
                    let bytes = try interp.host.readFile(path)
                    try interp.host.writeFile(try destination(interp, source: path, args[1]), bytes, append: false)
                }
            },
            .method("mv", "move", arity: .atLeast(2)) { interp, _, args in
                try each(interp, args, "rename") { path in
                    guard interp.host.fileKind(path) == .file else {
                        throw HostError(interp.host.fileKind(path) == nil ? .notFound : .isDirectory, path: path, operation: "rename")
                    }
                    let bytes = try interp.host.readFile(path)
                    try interp.host.writeFile(try destination(interp, source: path, args[1]), bytes, append: false)
                    try interp.host.removeFile(path)
                }
            },
            .method("pwd", arity: .exactly(0)) { interp, _, _ in interp.makeString(interp.host.currentDirectory()) },
        ])
    }
}
