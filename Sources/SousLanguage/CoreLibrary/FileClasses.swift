import SousSupport
/// File, Dir and IO, all through the host.
enum PathOperations {
    static func dirname(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        if slash == p.startIndex { return "/" }
        var result = String(p[..<slash])
        while result.count > 1 && result.hasSuffix("/") { result.removeLast() }
        return result
    }

    static func basename(_ path: String, suffix: String? = nil) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        if p == "/" { return "/" }
        var base = p.lastIndex(of: "/").map { String(p[p.index(after: $0)...]) } ?? p
        if let suffix {
            if suffix == ".*" {
                if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
            } else if base.hasSuffix(suffix) && base != suffix {
                base = String(base.dropLast(suffix.count))
            }
        }
        return base
    }

    static func extname(_ path: String) -> String {
        let base = basename(path)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex, base.index(after: dot) != base.endIndex else { return "" }
        return String(base[dot...])
    }

    static func join(_ parts: [String]) -> String {
        var result = ""
        for (i, part) in parts.enumerated() {
            if i == 0 {
                result = part
                continue
            }
            if result.hasSuffix("/") && part.hasPrefix("/") { result += part.dropFirst() }
            else if result.hasSuffix("/") || part.hasPrefix("/") { result += part }
            else { result += "/" + part }
        }
        return result
    }

    /// `File.expand_path`: absolute, with `.`, `..` and `~` resolved.
    static func expand(_ path: String, base: String, home: String = "/root") -> String {
        var full = path
        if full.hasPrefix("~") { full = home + full.dropFirst() }
        if !full.hasPrefix("/") { full = (base.hasPrefix("/") ? base : "/" + base) + "/" + full }
        var components: [Substring] = []
        for component in full.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if !components.isEmpty { components.removeLast() }
                continue
            }
            components.append(component)
        }
        return "/" + components.joined(separator: "/")
    }

    /// Shell-style glob matching of one path component: `*`, `?`, `[abc]`, `{a,b}`.
    static func matches(_ name: String, _ pattern: String, dotMatch: Bool = false) -> Bool {
        if name.hasPrefix(".") && !pattern.hasPrefix(".") && !dotMatch { return false }
        for alternative in expandBraces(pattern) where matchComponent(Array(name), Array(alternative)) { return true }
        return false
    }

    static func expandBraces(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{") else { return [pattern] }
        var depth = 0
        var close: String.Index?
        var index = open
        while index < pattern.endIndex {
            if pattern[index] == "{" { depth += 1 }
            if pattern[index] == "}" {
                depth -= 1
                if depth == 0 {
                    close = index
                    break
                }
            }
            index = pattern.index(after: index)
        }
        guard let close else { return [pattern] }
        let prefix = String(pattern[..<open])
        let suffix = String(pattern[pattern.index(after: close)...])
        var options: [String] = []
        var current = ""
        depth = 0
        for c in pattern[pattern.index(after: open)..<close] {
            if c == "," && depth == 0 {
                options.append(current)
                current = ""
                continue
            }
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1 }
            current.append(c)
        }
        options.append(current)
        return options.flatMap { expandBraces(prefix + $0 + suffix) }
    }

    private static func matchComponent(_ name: [Character], _ pattern: [Character]) -> Bool {
        var n = 0, p = 0
        var starP = -1, starN = 0
        while n < name.count {
            if p < pattern.count {
                let c = pattern[p]
                if c == "*" {
                    starP = p
                    starN = n
                    p += 1
                    continue
                }
                if c == "?" {
                    n += 1
                    p += 1
                    continue
                }
                if c == "[", let close = pattern[(p + 1)...].firstIndex(of: "]") {
                    var set = Array(pattern[(p + 1)..<close])
                    var negate = false
                    if set.first == "!" || set.first == "^" {
                        negate = true
                        set.removeFirst()
                    }
                    var hit = false
                    var i = 0
                    while i < set.count {
                        if i + 2 < set.count && set[i + 1] == "-" {
                            if name[n] >= set[i] && name[n] <= set[i + 2] { hit = true }
                            i += 3
                        } else {
                            if name[n] == set[i] { hit = true }
                            i += 1
                        }
                    }
                    if hit != negate {
                        n += 1
                        p = close + 1
                        continue
                    }
                } else if c == "\\" && p + 1 < pattern.count && pattern[p + 1] == name[n] {
                    n += 1
                    p += 2
                    continue
                } else if c == name[n] {
                    n += 1
                    p += 1
                    continue
                }
            }
            if starP >= 0 {
                starN += 1
                n = starN
                p = starP + 1
                continue
            }
            return false
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

/// An open file: its contents are read at open and written at close, which is all that
/// recipes need of `File.open`.
final class RFile: RObject {
    let path: String
    let mode: String
    var buffer: [UInt8] = []
    var readOffset = 0
    var closed = false

    init(path: String, mode: String, klass: RModule) {
        self.path = path
        self.mode = mode
        super.init(klass: klass)
    }

    var writable: Bool { mode.contains("w") || mode.contains("a") || mode.contains("+") }
}

extension Interpreter {
    func installFileSystem() {
        let file = classes.file!
        let dir = classes.dir!
        file.setConstant("SEPARATOR", makeString("/"))
        file.setConstant("ALT_SEPARATOR", .null)
        file.setConstant("PATH_SEPARATOR", makeString(":"))

        func path(_ interp: Interpreter, _ value: Value) throws -> String {
            if let f = value.asObject as? RFile { return f.path }
            return try interp.toStr(value)
        }
        func absolute(_ interp: Interpreter, _ value: Value) throws -> String {
            interp.resolvePath(try path(interp, value))
        }
        defineSingleton(file, [
            .method("join", arity: .checkedByBody) { interp, _, args in
                var parts: [String] = []
                func add(_ value: Value) throws {
                    if let array = value.asArray { for item in array.items { try add(item) } } else { parts.append(try path(interp, value)) }
                }
                for value in args.values { try add(value) }
                return interp.makeString(PathOperations.join(parts))
            },
            .method("basename", arity: .checkedByBody) { interp, _, args in
                interp.makeString(PathOperations.basename(try path(interp, args[0]), suffix: args.count > 1 ? try interp.toStr(args[1]) : nil))
            },
            .method("dirname", arity: .checkedByBody) { interp, _, args in interp.makeString(PathOperations.dirname(try path(interp, args[0]))) },
            .method("extname", arity: .exactly(1)) { interp, _, args in interp.makeString(PathOperations.extname(try path(interp, args[0]))) },
            .method("split", arity: .exactly(1)) { interp, _, args in
                let p = try path(interp, args[0])
                return interp.makeArray([interp.makeString(PathOperations.dirname(p)), interp.makeString(PathOperations.basename(p))])
            },
            .method("expand_path", "absolute_path", arity: .checkedByBody) { interp, _, args in
                let base = args.count > 1 && !args[1].isNil ? interp.resolvePath(try path(interp, args[1])) : interp.host.currentDirectory()
                return interp.makeString(PathOperations.expand(try path(interp, args[0]), base: base, home: interp.host.homeDirectory()))
            },
            .method("absolute_path", arity: .checkedByBody) { interp, _, args in
                let base = args.count > 1 ? interp.resolvePath(try path(interp, args[1])) : interp.host.currentDirectory()
                return interp.makeString(PathOperations.expand(try path(interp, args[0]), base: base, home: "~"))
            },
            .method("absolute_path?", arity: .exactly(1)) { interp, _, args in .bool(try path(interp, args[0]).hasPrefix("/")) },
        ])
        let kindTests: [(String, (FileKind?) -> Bool)] = [
            ("exist?", { $0 != nil }), ("file?", { $0 == .file }), ("directory?", { $0 == .directory }),
            ("readable?", { $0 != nil }), ("writable?", { $0 != nil }),
        ]
        for (name, test) in kindTests {
            defineSingleton(file, name, arity: .exactly(1)) { interp, _, args in .bool(test(interp.host.fileKind(try absolute(interp, args[0])))) }
        }
        defineSingleton(file, [
            .method("exists?", arity: .exactly(1)) { interp, _, args in .bool(interp.host.fileKind(try absolute(interp, args[0])) != nil) },
            .method("size", arity: .exactly(1)) { interp, _, args in
                let p = try absolute(interp, args[0])
                do { return .integer(try interp.host.readFile(p).count) } catch { throw interp.systemCallError(error, path: p, operation: "rb_file_s_size") }
            },
            .method("zero?", "empty?", arity: .exactly(1)) { interp, _, args in
                .bool((try? interp.host.readFile(try absolute(interp, args[0])).isEmpty) ?? false)
            },
            .method("read", arity: .checkedByBody) { interp, _, args in
                let p = try absolute(interp, args[0])
                do { return interp.makeString(String(decoding: try interp.host.readFile(p), as: UTF8.self)) }
                catch { throw interp.systemCallError(error, path: try path(interp, args[0]), operation: "rb_sysopen") }
            },
            .method("readlines", arity: .checkedByBody) { interp, _, args in
                let p = try absolute(interp, args[0])
                do {
                    let text = String(decoding: try interp.host.readFile(p), as: UTF8.self)
                    let chomp = args.keywords?.get(.symbol("chomp"))?.isTruthy ?? false
                    return interp.makeArray(interp.lines(text, chomp: chomp).map { interp.makeString($0) })
                } catch { throw interp.systemCallError(error, path: try path(interp, args[0]), operation: "rb_sysopen") }
            },
            .method("foreach", arity: .checkedByBody) { interp, _, args in
                let p = try absolute(interp, args[0])
                let text: String
                do { text = String(decoding: try interp.host.readFile(p), as: UTF8.self) }
                catch { throw interp.systemCallError(error, path: try path(interp, args[0]), operation: "rb_sysopen") }
                guard let block = args.block else { return interp.makeArray(interp.lines(text, chomp: false).map { interp.makeString($0) }) }
                for line in interp.lines(text, chomp: false) { _ = try interp.callBlock(block, [interp.makeString(line)]) }
                return .null
            },
            .method("write", arity: .checkedByBody) { interp, _, args in
                let p = try absolute(interp, args[0])
                let text = try interp.toS(args.positional[1])
                let append = (args.keywords?.get(.symbol("mode")).flatMap { $0.asString?.value } ?? "w").hasPrefix("a")
                do { try interp.host.writeFile(p, Array(text.utf8), append: append) }
                catch { throw interp.systemCallError(error, path: try path(interp, args[0]), operation: "rb_sysopen") }
                return .integer(text.utf8.count)
            },
            .method("delete", "unlink", arity: .checkedByBody) { interp, _, args in
                for value in args.values {
                    let p = try absolute(interp, value)
                    do { try interp.host.removeFile(p) } catch { throw interp.systemCallError(error, path: try path(interp, value), operation: "apply2files") }
                }
                return .integer(args.count)
            },
            .method("unlink", arity: .checkedByBody) { interp, receiver, args in try interp.callMethod(receiver, "delete", args) },
            .method("open", "new", arity: .checkedByBody) { interp, _, args in
                let handle = try interp.openFile(try absolute(interp, args[0]), displayPath: try path(interp, args[0]),
                                                 mode: args.positional.count > 1 ? try interp.toStr(args.positional[1]) : "r")
                guard let block = args.block else { return .object(handle) }
                defer { try? interp.closeFile(handle) }
                let result = try interp.callBlock(block, [.object(handle)])
                try interp.closeFile(handle)
                return result
            },
            .method("new", arity: .checkedByBody) { interp, _, args in
                .object(try interp.openFile(try absolute(interp, args[0]), displayPath: try path(interp, args[0]),
                                            mode: args.positional.count > 1 ? try interp.toStr(args.positional[1]) : "r"))
            },
        ])
        func handle(_ value: Value) -> RFile { value.asObject as! RFile }
        define(file, [
            .method("read", arity: .checkedByBody) { interp, receiver, _ in
                let f = handle(receiver)
                let rest = f.buffer.count > f.readOffset ? Array(f.buffer[f.readOffset...]) : []
                f.readOffset = f.buffer.count
                return interp.makeString(String(decoding: rest, as: UTF8.self))
            },
            .method("each_line", "each", arity: .checkedByBody) { interp, receiver, args in
                let f = handle(receiver)
                let text = String(decoding: f.buffer[f.readOffset...], as: UTF8.self)
                f.readOffset = f.buffer.count
                let lines = interp.lines(text, chomp: false)
                guard let block = args.block else { return interp.makeArray(lines.map { interp.makeString($0) }) }
                for line in lines { _ = try interp.callBlock(block, [interp.makeString(line)]) }
                return receiver
            },
            .method("readlines", arity: .checkedByBody) { interp, receiver, _ in
                let f = handle(receiver)
                let text = String(decoding: f.buffer[f.readOffset...], as: UTF8.self)
                f.readOffset = f.buffer.count
                return interp.makeArray(interp.lines(text, chomp: false).map { interp.makeString($0) })
            },
            .method("gets", arity: .checkedByBody) { interp, receiver, _ in
                let f = handle(receiver)
                guard f.readOffset < f.buffer.count else { return .null }
                var end = f.readOffset
                while end < f.buffer.count && f.buffer[end] != UInt8(ascii: "\n") { end += 1 }
                if end < f.buffer.count { end += 1 }
                let line = String(decoding: f.buffer[f.readOffset..<end], as: UTF8.self)
                f.readOffset = end
                return interp.makeString(line)
            },
            .method("close", arity: .exactly(0)) { interp, receiver, _ in
                try interp.closeFile(handle(receiver))
                return .null
            },
            .method("closed?", arity: .exactly(0)) { _, receiver, _ in .bool(handle(receiver).closed) },
            .method("path", arity: .exactly(0)) { interp, receiver, _ in interp.makeString(handle(receiver).path) },
            .method("size", arity: .exactly(0)) { _, receiver, _ in .integer(handle(receiver).buffer.count) },
        ])

        defineSingleton(dir, [
            .method("glob", arity: .atLeast(1)) { interp, _, args in
                let patterns = args[0].asArray?.items ?? [args[0]]
                var results: [String] = []
                let base = args.keywords?.get(.symbol("base")).flatMap { $0.asString?.value }
                for pattern in patterns {
                    results += interp.glob(try interp.toStr(pattern), base: base)
                }
                let values = results.map { interp.makeString($0) }
                if let block = args.block {
                    for value in values { _ = try interp.callBlock(block, [value]) }
                    return .null
                }
                return interp.makeArray(values)
            },
            .method("[]", arity: .checkedByBody) { interp, _, args in
                interp.makeArray(try args.values.flatMap { interp.glob(try interp.toStr($0), base: nil) }.map { interp.makeString($0) })
            },
            .method("exist?", "exists?", arity: .exactly(1)) { interp, _, args in .bool(interp.host.fileKind(try absolute(interp, args[0])) == .directory) },
            .method("home", arity: .checkedByBody) { interp, _, _ in interp.makeString(interp.host.homeDirectory()) },
            .method("pwd", "getwd", arity: .exactly(0)) { interp, _, _ in interp.makeString(interp.host.currentDirectory()) },
            .method("getwd", arity: .exactly(0)) { interp, _, _ in interp.makeString(interp.host.currentDirectory()) },
            .method("mkdir", arity: .checkedByBody) { interp, _, args in
                let p = try absolute(interp, args[0])
                do { try interp.host.makeDirectory(p) } catch { throw interp.systemCallError(error, path: try path(interp, args[0]), operation: "dir_s_mkdir") }
                return .integer(0)
            },
            .method("rmdir", "delete", "unlink", arity: .exactly(1)) { interp, _, args in
                let p = try absolute(interp, args[0])
                do { try interp.host.removeFile(p) } catch { throw interp.systemCallError(error, path: try path(interp, args[0]), operation: "dir_s_rmdir") }
                return .integer(0)
            },
            .method("entries", "children", arity: .checkedByBody) { interp, _, args in
                let p = try absolute(interp, args[0])
                do { return interp.makeArray(([".", ".."] + (try interp.host.listDirectory(p)).sorted()).map { interp.makeString($0) }) }
                catch { throw interp.systemCallError(error, path: try path(interp, args[0]), operation: "dir_initialize") }
            },
            .method("children", arity: .checkedByBody) { interp, _, args in
                let p = try absolute(interp, args[0])
                do { return interp.makeArray((try interp.host.listDirectory(p)).sorted().map { interp.makeString($0) }) }
                catch { throw interp.systemCallError(error, path: try path(interp, args[0]), operation: "dir_initialize") }
            },
            .method("empty?", arity: .exactly(1)) { interp, _, args in
                .bool(((try? interp.host.listDirectory(try absolute(interp, args[0]))) ?? ["x"]).isEmpty)
            },
        ])
        // Ruby defines these on IO, and File inherits them: `IO.read` is what most
        // metadata.rb files call for their long description.
        let fileMethods = metaclass(of: file).methods
        let ioMethods = metaclass(of: classes.io)
        for name in ["read", "readlines", "foreach", "write"] { ioMethods.methods[name] = fileMethods[name] }
        ioMethods.methods["binread"] = fileMethods["read"]
        ioMethods.methods["binwrite"] = fileMethods["write"]
    }

    func openFile(_ absolutePath: String, displayPath: String, mode: String) throws -> RFile {
        let handle = RFile(path: displayPath, mode: mode, klass: classes.file)
        handle.setInstanceVariable("@__absolute", makeString(absolutePath))
        if mode.hasPrefix("r") || mode.hasPrefix("a") {
            do {
                handle.buffer = try host.readFile(absolutePath)
            } catch {
                if mode.hasPrefix("r") { throw systemCallError(error, path: displayPath, operation: "rb_sysopen") }
            }
            if mode.hasPrefix("a") { handle.readOffset = handle.buffer.count }
        }
        if mode.hasPrefix("w") {
            do { try host.writeFile(absolutePath, [], append: false) }
            catch { throw systemCallError(error, path: displayPath, operation: "rb_sysopen") }
        }
        return handle
    }

    func closeFile(_ handle: RFile) throws {
        guard !handle.closed else { return }
        handle.closed = true
        guard handle.writable, let absolute = handle.getInstanceVariable("@__absolute").asString?.value else { return }
        do { try host.writeFile(absolute, handle.buffer, append: false) }
        catch { throw systemCallError(error, path: handle.path, operation: "rb_sysopen") }
    }

    /// `Dir.glob`: sorted matches of a pattern with `*`, `**`, `?`, `[...]` and `{a,b}`.
    func glob(_ pattern: String, base: String?) -> [String] {
        var results: [String] = []
        for expanded in PathOperations.expandBraces(pattern) {
            let absolute = expanded.hasPrefix("/")
            let root = absolute ? "/" : (base.map { resolvePath($0) } ?? host.currentDirectory())
            let components = expanded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            globWalk(root: root, shown: absolute ? "/" : "", components: components[...], into: &results)
        }
        var seen = Set<String>()
        return results.filter { seen.insert($0).inserted }.sorted()
    }

    private func globWalk(root: String, shown: String, components: ArraySlice<String>, into results: inout [String]) {
        guard let first = components.first else { return }
        let rest = components.dropFirst()
        func child(_ name: String) -> (String, String) {
            (root == "/" ? "/" + name : root + "/" + name, shown.isEmpty ? name : (shown.hasSuffix("/") ? shown + name : shown + "/" + name))
        }
        if first == "**" {
            globWalk(root: root, shown: shown, components: rest, into: &results)
            for name in (try? host.listDirectory(root)) ?? [] where !name.hasPrefix(".") {
                let (full, display) = child(name)
                if host.fileKind(full) == .directory {
                    globWalk(root: full, shown: display, components: components, into: &results)
                }
            }
            return
        }
        if !first.contains(where: { "*?[{".contains($0) }) {
            let (full, display) = child(first)
            guard host.fileKind(full) != nil else { return }
            if rest.isEmpty { results.append(display) } else { globWalk(root: full, shown: display, components: rest, into: &results) }
            return
        }
        for name in ((try? host.listDirectory(root)) ?? []).sorted() where PathOperations.matches(name, first) {
            let (full, display) = child(name)
            if rest.isEmpty { results.append(display) }
            else if host.fileKind(full) == .directory { globWalk(root: full, shown: display, components: rest, into: &results) }
        }
    }
}

extension RubyError {
    func withMessage(_ message: String, _ interpreter: Interpreter) -> RubyError {
        exception.message = interpreter.makeString(message)
        return self
    }
}
