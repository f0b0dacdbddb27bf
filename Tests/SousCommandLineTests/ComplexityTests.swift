import Foundation
import Testing

/// No quadratic corners: the parser on a long line, and the core String, Array, Hash and
/// Regexp methods, each on inputs of size n and 4n (Tests/Fixtures/complexity/growth.rb,
/// run by `sous apply`). The larger may take at most 8 times the smaller: linear work
/// takes about 4, quadratic 16.
@Suite struct ComplexityTests {
    @Test func workGrowsLinearlyWithItsInput() throws {
        let program = TestPaths.fixtures.appendingPathComponent("complexity/growth.rb").path
        let result = try ProcessRunner.run(TestPaths.sous, ["apply", program], environment: ["GROWTH_N": "5000"], timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n")
        #expect(rows.count >= 25, "every operation reports: \(result.stdout)")
        for row in rows {
            // "name   ratio  (small s, large s)"
            let beforeTimes = row.split(separator: "(").first ?? ""
            let words = beforeTimes.split(separator: " ")
            let ratio = try #require(words.last.flatMap { Double($0) }, "\(row)")
            #expect(ratio <= 8, "grows faster than linearly: \(row)")
        }
    }
}
