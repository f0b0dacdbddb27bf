import SousSupport
import Foundation
import Testing

/// How the client meets a server that fails: 5xx answers retried with backoff, a 406 makes
/// it speak API version 0, 4xx never retried, and an answer that is not JSON reported as
/// such. The server is a Ruby script on a loopback socket answering canned responses (a
/// healthy goiardi never answers these), stopped when the test ends.
@Suite struct ServerFailureTests {
    struct CannedServer {
        let process: BackgroundProcess
        let url: String
        let log: URL

        init(folder: URL, responses: [String]) throws {
            let portFile = folder.appendingPathComponent("port")
            log = folder.appendingPathComponent("requests.log")
            process = try ProcessRunner.start("/usr/bin/ruby",
                                              [TestPaths.fixtures.appendingPathComponent("chef-server/canned_server.rb").path, portFile.path, log.path] + responses)
            // Ready when the port file appears (it is renamed into place whole); bounded.
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: portFile.path) {
                guard Date() < deadline, process.isRunning else { throw ChefServerFixture.FixtureError(description: "canned server did not start") }
                usleep(10_000)
            }
            url = "http://127.0.0.1:" + (try String(contentsOf: portFile, encoding: .utf8))
        }

        func stop() {
            process.stop()
        }

        var requests: [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    func knifeRaw(_ server: CannedServer, folder: URL) throws -> ProcessResult {
        let key = folder.appendingPathComponent("key.pem").path
        #expect(try ProcessRunner.run("/usr/bin/openssl", ["genrsa", "-out", key, "2048"]).status == 0)
        let config = folder.appendingPathComponent("knife.rb")
        try "node_name 'admin'\nclient_key '\(key)'\nchef_server_url '\(server.url)'\nhttp_retry_count 3\n"
            .write(to: config, atomically: false, encoding: .utf8)
        return try ProcessRunner.run(TestPaths.sous, ["knife", "raw", "/nodes", "-c", config.path], timeout: 60)
    }

    @Test func retriesFallsBackToVersionZeroAndReportsANonJSONAnswer() throws {
        let folder = try TestPaths.makeScratchDirectory("canned")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try CannedServer(folder: folder, responses: [
            "503 application/json {\"error\":[\"busy\"]}", "502 text/plain bad gateway",
            "406 application/json {\"error\":[\"unsupported API version\"]}", "200 text/html <html>a proxy login page</html>",
        ])
        defer { server.stop() }
        let result = try knifeRaw(server, folder: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("GET \(server.url)/nodes answered 200"))
        #expect(result.stderr.contains("the answer is not JSON (Content-Type text/html): <html>a proxy login page</html>"))
        #expect(server.requests == ["GET /nodes api=1", "GET /nodes api=1", "GET /nodes api=1", "GET /nodes api=0"])
    }

    @Test func clientErrorsAreNotRetried() throws {
        let folder = try TestPaths.makeScratchDirectory("canned")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try CannedServer(folder: folder, responses: [
            "400 application/json {\"error\":[\"Field 'name' invalid\"]}", "200 application/json {}",
        ])
        defer { server.stop() }
        let result = try knifeRaw(server, folder: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("GET \(server.url)/nodes answered 400 Bad Request: Field 'name' invalid"))
        #expect(server.requests == ["GET /nodes api=1"])
    }
}
