import COpenSSL
import SousSupport

/// Why a key could not be read, made or used.
public struct KeyError: UserFacingError {
    public let description: String
}

/// An RSA private key held by OpenSSL: the identity a client signs its requests with.
///
/// Reads PKCS#1 (`BEGIN RSA PRIVATE KEY`, what Chef servers hand out) and PKCS#8
/// (`BEGIN PRIVATE KEY`) PEM; writes PKCS#1, as Chef does. The key material never leaves
/// this type except as PEM written to a file the caller chose. Sendable though unchecked:
/// the key is never changed after it is read, and OpenSSL 3 lets threads sign with one
/// EVP_PKEY at once (each signature makes its own context).
public final class RSAPrivateKey: @unchecked Sendable {
    let key: OpaquePointer
    /// A key file is at most this big (a 16384-bit key in PEM is about 12 KB): anything
    /// bigger is not a key, and is not read whole.
    public static let fileSizeLimit = 64 << 10

    private init(key: OpaquePointer) {
        self.key = key
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// Reads a PEM private key. `origin` names where it came from in errors (a file path,
    /// `client_key_contents`); the key's text never appears in an error.
    public convenience init(pem: String, origin: String) throws {
        let bytes = Array(pem.utf8)
        let loaded: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            // A passphrase callback that refuses: OpenSSL must never prompt on the terminal.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let loaded else {
            let reason = OpenSSLError.drain()
            let encrypted = pem.contains("ENCRYPTED")
            throw KeyError(description: "\(origin) is not a usable RSA private key"
                + (encrypted ? " (it is encrypted with a passphrase; sous needs an unencrypted key)" : " (expected PEM, PKCS#1 `BEGIN RSA PRIVATE KEY` or PKCS#8 `BEGIN PRIVATE KEY`)")
                + (reason.isEmpty ? "" : ": \(reason)"))
        }
        guard EVP_PKEY_get_base_id(loaded) == EVP_PKEY_RSA else {
            EVP_PKEY_free(loaded)
            throw KeyError(description: "\(origin) is not an RSA key; Chef servers sign with RSA keys only")
        }
        self.init(key: loaded)
    }

    /// Key generation is the costliest CPU work of a batch (about 0.2 s per 2048-bit key
    /// here); more threads at it than cores only slow each other down.
    private static let generators = ThreadLimit.processors()

    /// A new key, as chef-client makes one when it registers (2048 bits by default).
    public static func generate(bits: Int = 2048) throws -> RSAPrivateKey {
        try generators.run { try makeKey(bits: bits) }
    }

    private static func makeKey(bits: Int) throws -> RSAPrivateKey {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else {
            throw KeyError(description: "OpenSSL could not start making an RSA key: \(OpenSSLError.drain())")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var made: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1,
              EVP_PKEY_keygen(context, &made) == 1, let made else {
            throw KeyError(description: "OpenSSL could not make a \(bits)-bit RSA key: \(OpenSSLError.drain())")
        }
        return RSAPrivateKey(key: made)
    }

    public var bits: Int { Int(EVP_PKEY_get_bits(key)) }

    /// The private key as PKCS#1 PEM, for a key file (mode 0600, the caller's job).
    public var privatePEM: String {
        OpenSSLError.withMemoryBIO { PEM_write_bio_PrivateKey_traditional($0, key, nil, nil, 0, nil, nil) }
    }

    /// The public half as SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`), what the Chef server
    /// stores for a client.
    public var publicPEM: String {
        OpenSSLError.withMemoryBIO { PEM_write_bio_PUBKEY($0, key) }
    }

    /// RSA private-key encryption of `data` with PKCS#1 v1.5 type-1 padding and no digest:
    /// what Chef's protocols 1.0 and 1.1 call signing (`RSA_private_encrypt`).
    public func signRaw(_ data: [UInt8]) throws -> [UInt8] {
        try sign(data) { context in
            EVP_PKEY_sign_init(context) == 1 && EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1
        }
    }

    /// RSASSA-PKCS1-v1_5 over SHA-256: protocol 1.3.
    public func signSHA256(_ data: [UInt8]) throws -> [UInt8] {
        let digest = Digest.sha256(data)
        return try sign(digest) { context in
            EVP_PKEY_sign_init(context) == 1 && EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1
                && EVP_PKEY_CTX_set_signature_md(context, EVP_sha256()) == 1
        }
    }

    private func sign(_ input: [UInt8], prepare: (OpaquePointer) -> Bool) throws -> [UInt8] {
        guard let context = EVP_PKEY_CTX_new(key, nil) else {
            throw KeyError(description: "OpenSSL could not use the key: \(OpenSSLError.drain())")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard prepare(context) else { throw KeyError(description: "OpenSSL could not prepare to sign: \(OpenSSLError.drain())") }
        var length = 0
        guard EVP_PKEY_sign(context, nil, &length, input, input.count) == 1 else {
            throw KeyError(description: "OpenSSL could not sign: \(OpenSSLError.drain())")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_sign(context, &signature, &length, input, input.count) == 1 else {
            throw KeyError(description: "signing \(input.count) bytes with a \(bits)-bit key failed: \(OpenSSLError.drain())")
        }
        return Array(signature.prefix(length))
    }
}

/// Whether two PEM public keys are the same key, however their lines are broken (servers
/// store them with their own line breaks).
public func samePublicKey(_ a: String?, _ b: String?) -> Bool {
    guard let a, let b else { return false }
    return a.filter { !$0.isWhitespace } == b.filter { !$0.isWhitespace }
}

/// OpenSSL's error queue and memory BIOs.
enum OpenSSLError {
    /// Takes every queued error, newest last, as one line.
    static func drain() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(cBuffer: buffer))
        }
        return messages.joined(separator: "; ")
    }

    /// Runs a PEM writer into memory and returns what it wrote.
    static func withMemoryBIO(_ write: (OpaquePointer) -> Int32) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { return "" }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while case let count = BIO_read(bio, &chunk, Int32(chunk.count)), count > 0 {
            out.append(contentsOf: chunk.prefix(Int(count)))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
