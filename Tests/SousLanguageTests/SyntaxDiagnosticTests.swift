import Foundation
import Testing
@testable import SousLanguage

/// Each kind of syntax error: the message a Ruby user recognises, and the exact line and
/// column. `1️⃣` in the source marks where the error must point; it is removed before parsing.
@Suite struct SyntaxDiagnosticTests {
    static let marker = "1️⃣"

    /// Parses `marked` (with the marker removed) and checks the error's message and place.
    func expectError(_ marked: String, _ message: String,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let range = marked.range(of: Self.marker) else {
            Issue.record("the test source has no \(Self.marker) marker", sourceLocation: sourceLocation)
            return
        }
        let before = marked[..<range.lowerBound]
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).count
        let column = (before.split(separator: "\n", omittingEmptySubsequences: false).last?.unicodeScalars.count ?? 0) + 1
        let text = marked.replacingCharacters(in: range, with: "")
        do {
            _ = try Parser.parse(SourceFile(path: "recipe.rb", text: text))
            Issue.record("expected a syntax error, but the source parsed", sourceLocation: sourceLocation)
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.message == message, sourceLocation: sourceLocation)
            #expect(diagnostic.location == SousLanguage.SourceLocation(file: "recipe.rb", line: line, column: column),
                    sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected a Diagnostic, got \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Constructs left open

    @Test func unclosedDef() {
        expectError("def deploy\n  puts 1\n1️⃣",
                    "syntax error, unexpected end-of-input, expecting 'end' ('def' on line 1 is not closed)")
    }

    @Test func unclosedDoBlock() {
        expectError("machine 'web' do\n  tag 'a'\n1️⃣",
                    "syntax error, unexpected end-of-input, expecting 'end' ('do' block on line 1 is not closed)")
    }

    @Test func unclosedIf() {
        expectError("if ready\n  go\nelse\n  wait\n1️⃣",
                    "syntax error, unexpected end-of-input, expecting 'end' ('if' on line 1 is not closed)")
    }

    @Test func unclosedClassAndModule() {
        expectError("class Web\n  def x; end\n1️⃣",
                    "syntax error, unexpected end-of-input, expecting 'end' ('class' on line 1 is not closed)")
        expectError("module Chef\n1️⃣",
                    "syntax error, unexpected end-of-input, expecting 'end' ('module' on line 1 is not closed)")
    }

    @Test func unclosedBeginWhileCase() {
        expectError("begin\n  x\nrescue\n1️⃣",
                    "syntax error, unexpected end-of-input, expecting 'end' ('begin' on line 1 is not closed)")
        expectError("while true\n  x\n1️⃣",
                    "syntax error, unexpected end-of-input, expecting 'end' ('while' on line 1 is not closed)")
        expectError("case x\nwhen 1 then 2\n1️⃣",
                    "syntax error, unexpected end-of-input, expecting 'end' ('case' on line 1 is not closed)")
    }

    @Test func unclosedBrackets() {
        expectError("a = [1, 2\n1️⃣", "syntax error, unexpected end-of-input, expecting ']' ('[' on line 1 is not closed)")
        expectError("h = { a: 1\n1️⃣", "syntax error, unexpected end-of-input, expecting '}' ('{' on line 1 is not closed)")
        expectError("x = (1 + 2\n1️⃣", "syntax error, unexpected end-of-input, expecting ')' ('(' on line 1 is not closed)")
        expectError("[1].each { |x|\n  p x\n1️⃣",
                    "syntax error, unexpected end-of-input, expecting '}' ('{' block on line 1 is not closed)")
    }

    @Test func unclosedCallArguments() {
        expectError("puts(1, 2\n1️⃣x = 3\n", "syntax error, unexpected local variable or method 'x', expecting ')'")
    }

    // MARK: Tokens in the wrong place

    @Test func strayEnd() {
        expectError("puts 1\n1️⃣end\n", "syntax error, unexpected 'end', expecting end-of-input")
    }

    @Test func strayElse() {
        expectError("x = 1\n1️⃣else\n", "syntax error, unexpected 'else'")
    }

    @Test func missingThen() {
        expectError("if x y 1️⃣end\n", "syntax error, unexpected 'end', expecting 'then' or ';' or '\\n'")
    }

    @Test func missingHashArrow() {
        expectError("h = { 1 1️⃣2 }\n", "syntax error, unexpected integer literal, expecting '=>'")
    }

    @Test func blockArgumentAndBlock() {
        expectError("1️⃣run(&blk) { }\n", "both block arg and actual block given")
    }

    // MARK: Literals

    @Test func unterminatedString() {
        expectError("x = \"abc\nputs x\n1️⃣", "unterminated string meets end of file")
    }

    @Test func unterminatedRegexp() {
        expectError("x = /abc\n1️⃣", "unterminated regexp meets end of file")
    }

    @Test func unterminatedList() {
        expectError("x = %w[a b\n1️⃣", "unterminated list meets end of file")
    }

    @Test func unterminatedHeredoc() {
        expectError("x = 1️⃣<<~EOS\n  abc\n", "can't find string \"EOS\" anywhere before EOF")
    }

    @Test func unterminatedInterpolation() {
        expectError("x = \"a1️⃣#{1 + 2\n", "unterminated interpolation meets end of file: expecting '}'")
    }

    @Test func badNumbers() {
        expectError("x = 1_1️⃣_2\n", "trailing '_' in number")
        expectError("x = 1️⃣0o19\n", "Invalid octal digit")
    }

    @Test func badVariableNames() {
        expectError("1️⃣@1 = 2\n", "'@' without identifiers is not allowed as an instance variable name")
        expectError("1️⃣$ = 2\n", "'$' without identifiers is not allowed as a global variable name")
    }

    @Test func invalidUTF8() throws {
        let bytes = Array("puts \"".utf8) + [0xFF] + Array("\"\n".utf8)
        let error = try #require(throws: Diagnostic.self) {
            try Parser.parse(SourceFile(path: "recipe.rb", bytes: bytes))
        }
        #expect(error.message == "invalid multibyte char (UTF-8)")
        #expect(error.location.line == 1 && error.location.column == 7)
    }

    // MARK: Meaning

    @Test func assignmentToKeywords() {
        expectError("1️⃣self = 1\n", "can't assign to self")
        expectError("1️⃣nil = 1\n", "can't assign to nil")
    }

    @Test func definitionsInMethods() {
        expectError("def f\n  1️⃣X = 1\nend\n", "dynamic constant assignment")
        expectError("def f\n  1️⃣class A; end\nend\n", "class definition in method body")
        expectError("def f\n  1️⃣module M; end\nend\n", "module definition in method body")
    }

    @Test func nestingTooDeep() {
        let depth = 100_000
        let source = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        // The parser recurses up to its nesting limit: give it the large stack the `sous`
        // command gives it, not a test worker thread's small one.
        let box = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.outcome = Result { try Parser.parse(SourceFile(path: "deep.rb", text: source)) }
            done.signal()
        }
        thread.stackSize = 1 << 30
        thread.start()
        done.wait()
        let outcome = box.outcome
        switch outcome {
        case .failure(let diagnostic as Diagnostic):
            #expect(diagnostic.message.hasPrefix("nesting too deep"))
            #expect(diagnostic.location.line == 1)
        case .failure(let error):
            Issue.record("expected a Diagnostic, got \(error)")
        default:
            Issue.record("100,000 nested brackets parsed")
        }
    }

    // MARK: Features sous does not support name themselves

    @Test func unsupportedFeatures() {
        expectError("case 1\n1️⃣in Integer then 1\nend\n", "pattern matching (case/in) is not supported by sous")
        expectError("loop { 1️⃣redo }\n", "redo is not supported by sous")
        expectError("x = 31️⃣r\n", "rational and imaginary literals (r suffix) are not supported by sous")
        expectError("def f(...)\n  g(...)\nend\n".replacingOccurrences(of: "f(...)", with: "f(1️⃣...)"),
                    "argument forwarding (...) is not supported by sous")
    }
}

/// Carries a result from the big-stack thread; written before the semaphore is signalled.
private final class OutcomeBox: @unchecked Sendable {
    var outcome: Result<Node, Error>?
}
