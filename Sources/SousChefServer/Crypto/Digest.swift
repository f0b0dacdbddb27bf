import COpenSSL

/// Message digests on OpenSSL: SHA-1 for Chef's signing protocols 1.0 and 1.1, SHA-256 for
/// 1.3, checksums and the short content digests Chef prints.
public enum Digest {
    public static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { _ = SHA1($0.baseAddress, $0.count, &digest) }
        return digest
    }

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { _ = SHA256($0.baseAddress, $0.count, &digest) }
        return digest
    }

    /// HMAC-SHA256, as AWS's Signature Version 4 chains it.
    public static func hmacSHA256(key: [UInt8], _ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        key.withUnsafeBytes { keyBytes in
            bytes.withUnsafeBufferPointer { data in
                _ = HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(key.count), data.baseAddress, data.count, &digest, &length)
            }
        }
        return digest
    }

    /// A digest by Ruby's class name (`MD5`, `SHA1`, `SHA256`, `SHA384`, `SHA512`); nil for
    /// another name.
    public static func named(_ name: String, _ bytes: [UInt8]) -> [UInt8]? {
        func run(_ length: Int32, _ function: (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> UnsafeMutablePointer<UInt8>?) -> [UInt8] {
            var digest = [UInt8](repeating: 0, count: Int(length))
            bytes.withUnsafeBufferPointer { _ = function($0.baseAddress, $0.count, &digest) }
            return digest
        }
        switch name.uppercased().replacingHyphens() {
        case "MD5":
            // Through EVP: OpenSSL 3 deprecates the one-call MD5().
            var digest = [UInt8](repeating: 0, count: 16)
            var size: UInt32 = 0
            bytes.withUnsafeBytes { _ = EVP_Digest($0.baseAddress, $0.count, &digest, &size, EVP_md5(), nil) }
            return digest
        case "SHA1": return sha1(bytes)
        case "SHA256": return sha256(bytes)
        case "SHA384": return run(SHA384_DIGEST_LENGTH, SHA384)
        case "SHA512": return run(SHA512_DIGEST_LENGTH, SHA512)
        default: return nil
        }
    }

    /// Lower-case hex of SHA-256, as `Digest::SHA256.hexdigest`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(sha256(bytes))
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] })
    }
}

private extension String {
    func replacingHyphens() -> String { String(filter { $0 != "-" }) }
}
