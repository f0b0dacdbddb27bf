import Foundation
import Testing

/// `sous knife cookbook` against goiardi with authentication on. What was uploaded is read
/// back by an independent client (Ruby's mixlib-authentication and Net::HTTP), every file
/// compared with the file on disk, byte for byte and by checksum.
@Suite(.chefServer) struct CookbookUploadTests {
    /// Two cookbooks in a folder of their own: `base` with a file in every segment (and a
    /// test folder and an ignored file the server must not get), `app` depending on it.
    /// The suite's tests share one server, so each names its cookbooks its own way.
    func makeCookbooks(base: String = "base", app: String = "app") throws -> URL {
        let root = try ChefServerFixture.server.state.appendingPathComponent("cookbooks-\(UUID().uuidString)")
        let template: [String: String] = [
            "base/metadata.rb": "name 'base'\nversion '1.2.0'\nmaintainer 'ops'\nlicense 'Apache-2.0'\n",
            "base/README.md": "# base\n",
            "base/recipes/default.rb": "log 'base'\n",
            "base/recipes/users.rb": "log 'users'\n",
            "base/attributes/default.rb": "default['base']['port'] = 8080\n",
            "base/libraries/helper.rb": "module BaseHelper; end\n",
            "base/definitions/site.rb": "define :site do\nend\n",
            "base/resources/thing.rb": "property :name, String\n",
            "base/providers/thing.rb": "action :create do\nend\n",
            "base/templates/default/app.conf.erb": "port <%= @port %>\n",
            "base/templates/ubuntu-20.04/app.conf.erb": "port <%= @port %> # ubuntu\n",
            "base/templates/motd.erb": "hello\n",
            "base/files/default/empty.txt": "",
            "base/spec/unit/base_spec.rb": "describe 'base' do\nend\n",
            "base/recipes/default.rb.swp": "editor leftovers\n",
            "base/chefignore": "# editors\n*.swp\n",
            "app/metadata.rb": "name 'app'\nversion '1.0.0'\ndepends 'base', '~> 1.2'\n",
            "app/recipes/default.rb": "include_recipe 'base'\n",
        ]
        var files: [String: String] = [:]
        for (path, text) in template {
            let renamed = path.hasPrefix("base/") ? base + path.dropFirst(4) : app + path.dropFirst(3)
            if path.hasSuffix("metadata.rb") {
                files[renamed] = text.replacingOccurrences(of: "'base'", with: "'\(base)'").replacingOccurrences(of: "'app'", with: "'\(app)'")
            } else if path.hasSuffix("empty.txt") {
                // The server stores files by content: only the first test's may be new.
                if base == "base" { files[renamed] = text }
            } else {
                // Content of this test's own, so what the server already has is what this test sent.
                files[renamed] = text + "# \(base)\n"
            }
        }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
        // A binary file: every byte value.
        let blob = root.appendingPathComponent("\(base)/files/default/blob.bin")
        try FileManager.default.createDirectory(at: blob.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((0...255).map { UInt8($0) } + Array(base.utf8)).write(to: blob)
        return root
    }

    func knife(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.sous, ["knife"] + arguments + ["-c", try ChefServerFixture.server.knifeRB], timeout: 120)
    }

    /// The version as the Ruby client reads it back, with every file it fetched.
    func readBack(_ name: String, _ version: String) throws -> [String: Any] {
        let server = try ChefServerFixture.server
        let script = TestPaths.fixtures.appendingPathComponent("chef-server/read_cookbook_with_ruby.rb").path
        let ruby = try ProcessRunner.run("/usr/bin/ruby", [script, server.url, "admin", server.adminKey, name, version], timeout: 60)
        try #require(ruby.status == 0, "ruby: \(ruby.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(ruby.stdout.utf8)) as? [String: Any])
    }

    /// Lines of `-VV` that put a file into the server's file store.
    func fileUploads(_ result: ProcessResult) -> Int {
        result.stderr.split(separator: "\n").filter { $0.hasPrefix("DEBUG: PUT ") && $0.contains("/file_store/") }.count
    }

    /// A file store that wants signed uploads (goiardi takes unsigned ones; a proxy in front
    /// of it refuses a file PUT without Chef's signature headers): sous, which sends files
    /// unsigned at first, signs them once refused, and every file arrives intact.
    @Test func aFileStoreThatWantsSignaturesGetsThem() throws {
        let server = try ChefServerFixture.server
        let root = try makeCookbooks(base: "signedbase", app: "signedapp")
        let port = try StaticWebServer.freePort()
        let counts = server.state.appendingPathComponent("proxy-counts-\(UUID().uuidString)")
        let proxy = try ProcessRunner.start("/usr/bin/python3", [TestPaths.fixtures.appendingPathComponent("chef-server/signed_file_store_proxy.py").path,
                                                                  server.url, String(port), counts.path])
        defer { proxy.stop() }
        var listening = false
        for _ in 0..<200 where !listening {  // bounded: 10 s
            listening = TCPOutcome.attempt("127.0.0.1", port, timeout: 1) == .connected
            if !listening { usleep(50_000) }
        }
        try #require(listening, "the proxy did not listen on port \(port)")
        let knifeRB = server.state.appendingPathComponent("proxy-knife-\(UUID().uuidString).rb")
        try "node_name 'admin'\nclient_key '\(server.adminKey)'\nchef_server_url 'http://127.0.0.1:\(port)'\n"
            .write(to: knifeRB, atomically: false, encoding: .utf8)
        let upload = try ProcessRunner.run(TestPaths.sous, ["knife", "cookbook", "upload", "signedbase", "signedapp", "-o", root.path,
                                                            "-c", knifeRB.path], timeout: 120)
        #expect(upload.status == 0, "\(upload.stderr)")
        let lines = (try? String(contentsOf: counts, encoding: .utf8))?.split(separator: "\n") ?? []
        // Each distinct file once, signed: signedbase's 15 and signedapp's 3.
        #expect(lines.filter { $0 == "signed" }.count == 18, "\(lines)")
        #expect(lines.contains("refused"), "no unsigned upload was tried: \(lines)")
        let files = try #require(try readBack("signedbase", "1.2.0")["files"] as? [String: [String: String]])
        #expect(files.count == 15)
        for (file, record) in files {
            #expect(record["md5"] == record["checksum"], "\(file): the server's bytes do not match its checksum")
        }
    }

    @Test func uploadReadBackAndUploadOnlyWhatChanged() throws {
        let root = try makeCookbooks()
        let path = root.path

        // A dependency neither on the server nor in the upload: refused, nothing saved.
        let alone = try knife(["cookbook", "upload", "app", "-o", path])
        #expect(alone.status != 0)
        #expect(alone.stderr.contains("Cookbook app depends on cookbooks which are not currently being uploaded and cannot be found "
            + "on the server. The missing cookbook(s) are: 'base' version '~> 1.2'"), "\(alone.stderr)")
        #expect(try readBack("app", "1.0.0")["status"] as? Int == 404)

        let first = try knife(["cookbook", "upload", "base", "app", "-o", path, "-VV"])
        try #require(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.hasSuffix("Uploaded 2 cookbooks.\n"), "\(first.stderr)")
        // Each distinct file once: base's 16 (with the metadata.json made for it), app's 3.
        #expect(fileUploads(first) == 19, "\(first.stderr)")

        // Every file of base's segments, as on disk; the test folder and the ignored file
        // stay behind; metadata.json is made from metadata.rb.
        let base = try readBack("base", "1.2.0")
        let files = try #require(base["files"] as? [String: [String: String]])
        let expected = ["README.md", "metadata.rb", "chefignore", "metadata.json", "recipes/default.rb", "recipes/users.rb",
                        "attributes/default.rb", "libraries/helper.rb", "definitions/site.rb", "resources/thing.rb", "providers/thing.rb",
                        "templates/default/app.conf.erb", "templates/ubuntu-20.04/app.conf.erb", "templates/motd.erb",
                        "files/default/empty.txt", "files/default/blob.bin"]
        #expect(Set(files.keys) == Set(expected))
        for (file, record) in files {
            #expect(record["md5"] == record["checksum"], "\(file): the server's bytes do not match its checksum")
            guard file != "metadata.json" else { continue }
            let onDisk = try Data(contentsOf: root.appendingPathComponent("base/\(file)"))
            #expect(Data(base64Encoded: record["base64"] ?? "") == onDisk, "\(file) differs from the file on disk")
        }
        #expect(files["templates/ubuntu-20.04/app.conf.erb"]?["specificity"] == "ubuntu-20.04")
        #expect(files["templates/motd.erb"]?["specificity"] == "root_default")
        #expect(files["README.md"]?["segment"] == "root_files")
        let metadataJSON = try #require(Data(base64Encoded: files["metadata.json"]?["base64"] ?? ""))
        let metadata = try #require(try JSONSerialization.jsonObject(with: metadataJSON) as? [String: Any])
        #expect(metadata["name"] as? String == "base" && metadata["version"] as? String == "1.2.0")
        #expect(metadata["license"] as? String == "Apache-2.0")
        #expect(metadata["recipes"] as? [String: String] == ["base": "", "base::users": ""])

        let app = try readBack("app", "1.0.0")
        let appMetadata = (app["version"] as? [String: Any])?["metadata"] as? [String: Any]
        #expect(appMetadata?["dependencies"] as? [String: String] == ["base": "~> 1.2"])

        // Again: the server has every file, so none is sent.
        let again = try knife(["cookbook", "upload", "base", "app", "-o", path, "-VV"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(fileUploads(again) == 0, "\(again.stderr)")
        #expect(again.stderr.contains("Uploading base           [1.2.0]\n"), "the width knife uses once the server has cookbooks")

        // One template changed: that file alone goes up, and the server serves the new text.
        try "port <%= @port %> # changed\n".write(to: root.appendingPathComponent("base/templates/default/app.conf.erb"), atomically: false, encoding: .utf8)
        let changed = try knife(["cookbook", "upload", "base", "-o", path, "-VV"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(fileUploads(changed) == 1, "\(changed.stderr)")
        let after = try #require(try readBack("base", "1.2.0")["files"] as? [String: [String: String]])
        #expect(after["templates/default/app.conf.erb"].flatMap { Data(base64Encoded: $0["base64"] ?? "") }
            == Data("port <%= @port %> # changed\n".utf8))

        // knife's list: `name:` padded to the longest name and its colon, a space, the version.
        let list = try knife(["cookbook", "list"])
        let rows = list.stdout.split(separator: "\n").map(String.init)
        let width = (rows.compactMap { $0.split(separator: ":").first?.count }.max() ?? 0) + 1
        #expect(rows.contains("app:".padding(toLength: width, withPad: " ", startingAt: 0) + " 1.0.0"), "\(list.stdout)")
        #expect(rows.contains("base:".padding(toLength: width, withPad: " ", startingAt: 0) + " 1.2.0"), "\(list.stdout)")
    }

    @Test func frozenVersionsNeedForceAndDeleteRemovesAVersion() throws {
        let root = try makeCookbooks(base: "icebase", app: "iceapp")
        let path = root.path
        let frozen = try knife(["cookbook", "upload", "icebase", "-o", path, "--freeze"])
        try #require(frozen.status == 0, "\(frozen.stderr)")
        #expect((try readBack("icebase", "1.2.0")["version"] as? [String: Any])?["frozen?"] as? Bool == true)

        let refused = try knife(["cookbook", "upload", "icebase", "-o", path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("Version 1.2.0 of cookbook icebase is frozen. Use --force to override."), "\(refused.stderr)")
        // With --freeze, the same files again ask for what is there (a pipeline's second
        // run goes on); other files are refused all the same.
        let again = try knife(["cookbook", "upload", "icebase", "-o", path, "--freeze"])
        #expect(again.status == 0, "\(again.stderr)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("icebase/files/default"), withIntermediateDirectories: true)
        try "changed\n".write(to: root.appendingPathComponent("icebase/files/default/changed.txt"), atomically: true, encoding: .utf8)
        let changed = try knife(["cookbook", "upload", "icebase", "-o", path, "--freeze"])
        #expect(changed.status != 0)
        #expect(changed.stderr.contains("Version 1.2.0 of cookbook icebase is frozen. Use --force to override."), "\(changed.stderr)")
        let forced = try knife(["cookbook", "upload", "icebase", "-o", path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")

        let upload = try knife(["cookbook", "upload", "iceapp", "-o", path])
        #expect(upload.status == 0, "\(upload.stderr)")
        let deleted = try knife(["cookbook", "delete", "iceapp", "1.0.0", "-y"])
        #expect(deleted.stdout == "Deleted cookbook[iceapp version 1.0.0]\n", "\(deleted.stdout)\(deleted.stderr)")
        #expect(try readBack("iceapp", "1.0.0")["status"] as? Int == 404)
        let missing = try knife(["cookbook", "delete", "iceapp", "1.0.0", "-y"])
        #expect(missing.status != 0 && missing.stderr.contains("Cannot find a cookbook named iceapp to delete."), "\(missing.stderr)")
    }

    /// What download writes is what was uploaded, plus the metadata.json made from
    /// metadata.rb; an existing folder is kept unless --force.
    @Test func downloadWritesTheVersionsFiles() throws {
        let root = try makeCookbooks(base: "dlbase", app: "dlapp")
        let upload = try knife(["cookbook", "upload", "dlbase", "-o", root.path, "--force"])
        try #require(upload.status == 0, "\(upload.stderr)")
        let target = root.appendingPathComponent("downloads")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let download = try knife(["cookbook", "download", "dlbase", "1.2.0", "-d", target.path])
        try #require(download.status == 0, "\(download.stderr)")
        #expect(download.stderr.hasPrefix("Downloading dlbase cookbook version 1.2.0\n"))
        #expect(download.stderr.hasSuffix("Cookbook downloaded to \(target.path)/dlbase-1.2.0\n"))
        for file in ["recipes/users.rb", "templates/ubuntu-20.04/app.conf.erb", "files/default/blob.bin"] {
            #expect(try Data(contentsOf: target.appendingPathComponent("dlbase-1.2.0/\(file)"))
                == Data(contentsOf: root.appendingPathComponent("dlbase/\(file)")), "\(file)")
        }
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("dlbase-1.2.0/spec").path))
        let again = try knife(["cookbook", "download", "dlbase", "1.2.0", "-d", target.path])
        #expect(again.status != 0 && again.stderr.contains("exists, use --force to overwrite"), "\(again.stderr)")
    }
}
