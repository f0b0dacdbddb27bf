import ArgumentParser
import CCurl
import CLibSSH2
import COpenSSL

/// `sous version`: sous's version and the versions of the C libraries it runs on.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show versions of sous and its libraries.")

    func run() throws {
        print(SousVersion.text)
        print(String(cString: curl_version()))
        print("libssh2 \(String(cString: libssh2_version(0)))")
        print("OpenSSL \(String(cString: OpenSSL_version(Int32(OPENSSL_VERSION))))")
    }
}
