import Foundation
import Testing

/// The layers stay layers: every `import` of one of the package's targets in a target's
/// sources is one of the dependencies Package.swift declares for it. SwiftPM itself lets a
/// target import a module it does not declare when that module happens to be built first,
/// so an undeclared import compiles today and breaks on another build order.
@Suite struct PackageLayeringTests {
    /// Each target of Package.swift with the targets and products it declares it uses.
    static func declaredDependencies() throws -> [String: Set<String>] {
        let manifest = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let targetStart = try Regex(#"\.(?:target|executableTarget|testTarget)\(name: "(\w+)""#)
        let quoted = try Regex(#""(\w+)""#)
        var targets: [String: Set<String>] = [:]
        let starts = manifest.matches(of: targetStart)
        for (index, match) in starts.enumerated() {
            guard let name = match.output[1].substring.map(String.init) else { continue }
            // The target's declaration runs to the next one (or the end of the target list).
            let end = index + 1 < starts.count ? starts[index + 1].range.lowerBound : manifest.endIndex
            let declaration = manifest[match.range.upperBound..<end]
            guard let list = declaration.range(of: "dependencies: [") else {
                targets[name] = []
                continue
            }
            let closing = declaration[list.upperBound...].firstIndex(of: "]") ?? declaration.endIndex
            let names = declaration[list.upperBound..<closing].matches(of: quoted).compactMap { $0.output[1].substring.map(String.init) }
            targets[name] = Set(names)
        }
        return targets
    }

    @Test func everyImportOfAPackageTargetIsDeclared() throws {
        let targets = try Self.declaredDependencies()
        #expect(targets.keys.contains("SousLanguage") && targets.keys.contains("sous") && targets.count >= 14, "\(targets.keys.sorted())")
        let importLine = try Regex(#"^(?:@testable |@_exported )?import (\w+)"#).anchorsMatchLineEndings()
        var undeclared: [String] = []
        for folder in ["Sources", "Tests"] {
            let root = TestPaths.packageRoot.appendingPathComponent(folder)
            for target in try FileManager.default.contentsOfDirectory(atPath: root.path) where targets[target] != nil {
                let allowed = targets[target, default: []]
                let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(target).path)
                while let file = enumerator?.nextObject() as? String {
                    guard file.hasSuffix(".swift") else { continue }
                    let text = try String(contentsOf: root.appendingPathComponent(target).appendingPathComponent(file), encoding: .utf8)
                    for match in text.matches(of: importLine) {
                        guard let module = match.output[1].substring.map(String.init), targets[module] != nil else { continue }
                        if !allowed.contains(module) { undeclared.append("\(folder)/\(target)/\(file) imports \(module)") }
                    }
                }
            }
        }
        #expect(undeclared.isEmpty, "imports Package.swift does not declare:\n\(undeclared.joined(separator: "\n"))")
    }

    /// One way to the file system and processes: the layers that act on this machine (the
    /// run, provisioning, drivers, the Chef server's keys) use SousSupport's `FileSystem` and
    /// `CommandRunner`. The `Host` is the recipe language's world (what Ruby code sees as
    /// `File`, `ENV`, `$stdout`, backticks); those layers use it only for output, environment
    /// and clock.
    @Test func machineLayersReachFilesAndProcessesOnlyThroughFileSystem() throws {
        let hostFileCall = try Regex(#"host\.(?:readFile|readRegularFile|writeFile|fileKind|fileStatus|isExecutable|listDirectory|makeDirectory|removeFile|runShell)\("#)
        func calls(in target: String) throws -> [String] {
            let root = TestPaths.packageRoot.appendingPathComponent("Sources").appendingPathComponent(target)
            var found: [String] = []
            let enumerator = FileManager.default.enumerator(atPath: root.path)
            while let file = enumerator?.nextObject() as? String {
                guard file.hasSuffix(".swift") else { continue }
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                found += text.matches(of: hostFileCall).map { "\(target)/\(file): \(text[$0.range])" }
            }
            return found
        }
        // The pattern finds the language's own calls, so its silence below means something.
        #expect(try calls(in: "SousLanguage").count > 10)
        let strays = try ["SousRun", "SousProvisioning", "SousDrivers", "SousChefServer"].flatMap(calls(in:))
        #expect(strays.isEmpty, "file or process calls through Host outside the language:\n\(strays.joined(separator: "\n"))")
    }
}
