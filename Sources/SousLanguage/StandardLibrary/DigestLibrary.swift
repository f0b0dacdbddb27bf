import SousSupport
/// Ruby's `digest` (and `OpenSSL::Digest`): `Digest::SHA256.hexdigest(data)`, `.digest`,
/// `.base64digest`, `.file(path)`, and incremental objects (`new`, `update`/`<<`,
/// `hexdigest`). The hashing itself is the host's (`Host.digest`), as the language does no
/// computation of its own that a C library does better.
extension Interpreter {
    func installDigest() {
        let digest = classes.defineModule("Digest")
        let base = classes.defineClass("Base", in: digest)
        func algorithm(_ interp: Interpreter, _ value: Value) -> String {
            let module = value.asModule ?? interp.classOf(value).realClass
            return String((module.name ?? "").split(separator: ":").last ?? "")
        }
        func compute(_ interp: Interpreter, _ name: String, _ bytes: [UInt8]) throws -> [UInt8] {
            guard let result = interp.host.digest(name, bytes) else {
                throw interp.makeError(interp.classes.notImplementedError, "Digest::\(name) is not available here")
            }
            return result
        }
        func hex(_ bytes: [UInt8]) -> String {
            let digits = Array("0123456789abcdef".unicodeScalars)
            var text = String.UnicodeScalarView()
            for byte in bytes { text.append(digits[Int(byte >> 4)]); text.append(digits[Int(byte & 0xf)]) }
            return String(text)
        }
        func data(_ interp: Interpreter, _ value: Value) throws -> [UInt8] { Array(try interp.toStr(value).utf8) }
        defineSingleton(base, [
            .method("hexdigest", arity: .checkedByBody) { interp, receiver, args in
                interp.makeString(hex(try compute(interp, algorithm(interp, receiver), try data(interp, args[0]))))
            },
            .method("digest", arity: .checkedByBody) { interp, receiver, args in
                interp.makeString(String(decoding: try compute(interp, algorithm(interp, receiver), try data(interp, args[0])), as: UTF8.self))
            },
            .method("base64digest", arity: .atLeast(1)) { interp, receiver, args in
                interp.makeString(Base64.encode(try compute(interp, algorithm(interp, receiver), try data(interp, args[0]))))
            },
            .method("file", arity: .atLeast(1)) { interp, receiver, args in
                let path = interp.resolvePath(try interp.toStr(args[0]))
                let bytes: [UInt8]
                do { bytes = try interp.host.readFile(path) } catch { throw interp.systemCallError(error, path: path, operation: "rb_sysopen") }
                let object = try interp.callMethod(receiver, "new", Args())
                object.asObject?.setInstanceVariable("@data", interp.makeString(String(decoding: bytes, as: UTF8.self)))
                return object
            },
        ])
        define(base, [
            .method("initialize", arity: .exactly(0), visibility: .private) { interp, receiver, _ in
                receiver.asObject?.setInstanceVariable("@data", interp.makeString(""))
                return .null
            },
            .method("update", "<<", arity: .exactly(1)) { interp, receiver, args in
                let current = try interp.toStr(receiver.asObject?.getInstanceVariable("@data") ?? interp.makeString(""))
                receiver.asObject?.setInstanceVariable("@data", interp.makeString(current + (try interp.toStr(args[0]))))
                return receiver
            },
            .method("hexdigest", "to_s", arity: .checkedByBody) { interp, receiver, _ in
                let bytes = Array(try interp.toStr(receiver.asObject?.getInstanceVariable("@data") ?? .null).utf8)
                return interp.makeString(hex(try compute(interp, algorithm(interp, receiver), bytes)))
            },
            .method("digest", arity: .checkedByBody) { interp, receiver, _ in
                let bytes = Array(try interp.toStr(receiver.asObject?.getInstanceVariable("@data") ?? .null).utf8)
                return interp.makeString(String(decoding: try compute(interp, algorithm(interp, receiver), bytes), as: UTF8.self))
            },
        ])
        let openssl = classes.defineModule("OpenSSL")
        let opensslDigest = classes.defineClass("Digest", superclass: base, in: openssl)
        for name in ["MD5", "SHA1", "SHA256", "SHA384", "SHA512"] {
            classes.defineClass(name, superclass: base, in: digest)
            classes.defineClass(name, superclass: base, in: opensslDigest)
        }
        // OpenSSL::Digest.hexdigest('SHA256', data)
        defineSingleton(opensslDigest, [
            .method("hexdigest", arity: .checkedByBody) { interp, _, args in
                interp.makeString(hex(try compute(interp, try interp.toStr(args[0]), try data(interp, args[1]))))
            },
        ])
    }
}
