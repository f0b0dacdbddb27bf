import Foundation
@testable import SousLanguage
import SousSupport
import Testing

/// The arity each built-in method declares in its class's table is the arity Ruby reports
/// for the same method (`Method#arity`), asked of the real Ruby at test time. A declared
/// arity is enforced before the body runs, so a wrong one would reject calls Ruby accepts.
@Suite struct BuiltinArityTests {
    static let classes = ["BasicObject", "Object", "Kernel", "Module", "Class", "Comparable", "Enumerable", "Enumerator",
                          "Numeric", "Integer", "Float", "Math", "String", "Symbol", "Array", "Hash", "Range", "Proc", "Method",
                          "Regexp", "MatchData", "Time", "IO", "File", "File::Stat", "Dir", "FileUtils", "Process", "Exception",
                          "Struct", "NilClass", "TrueClass", "FalseClass", "JSON", "ERB", "Binding"]

    @Test func declaredAritiesAreRubys() throws {
        let interpreter = Interpreter(host: ProcessHost())
        // (owner as Ruby names it, method, arity as declared); "S:" marks a singleton method.
        var declared: [(String, String, Int)] = []
        for name in Self.classes {
            let module = try #require(interpreter.constant(path: name)?.asModule, "\(name) is not defined in sous")
            for (owner, table) in [(name, module.methods), ("S:" + name, interpreter.metaclass(of: module).methods)] {
                for (method, definition) in table {
                    guard case .builtin = definition.body, definition.owner === module || owner.hasPrefix("S:") else { continue }
                    if case .checkedByBody = definition.builtinArity { continue }
                    declared.append((owner, method, definition.builtinArity.rubyArity))
                }
            }
        }
        #expect(declared.count > 400, "only \(declared.count) methods declare an arity")
        let query = """
            require 'json'; require 'erb'; require 'fileutils'
            JSON.parse(STDIN.read).each do |owner, name|
              arity = begin
                owner.start_with?('S:') ? Object.const_get(owner[2..]).method(name).arity : Object.const_get(owner).instance_method(name).arity
              rescue NameError
                nil
              end
              puts arity.inspect
            end
            """
        let input = String(decoding: try JSONSerialization.data(withJSONObject: declared.map { [$0.0, $0.1] }), as: UTF8.self)
        let ruby = try ProcessRunner.run("/usr/bin/ruby", ["-e", query], input: input)
        try #require(ruby.status == 0, "ruby: \(ruby.stderr)")
        let answers = ruby.stdout.split(separator: "\n").map(String.init)
        try #require(answers.count == declared.count)
        var wrong: [String] = []
        for ((owner, method, arity), answer) in zip(declared, answers) where answer != String(arity) {
            wrong.append("\(owner)#\(method): sous declares \(arity), Ruby says \(answer)")
        }
        #expect(wrong.isEmpty, "\(wrong.sorted().joined(separator: "\n"))")
    }
}
