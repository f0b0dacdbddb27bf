import Testing
@testable import SousVerify

/// The parts of the load generator that numbers and bytes can check without a server.
@Suite struct LoadPartsTests {
    /// Any percentile read back is within 1% of the exact one (the precision).
    @Test func histogramPercentilesAreWithinOnePercent() {
        var histogram = LatencyHistogram()
        var latencies: [Double] = []
        var seed: UInt64 = 42
        for _ in 0..<20_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            // From 50 microseconds to about 2 seconds, spread over orders of magnitude.
            let latency = 0.00005 * Double(1 << Int(seed >> 60)) * (1 + Double((seed >> 20) & 0xFFFF) / 65536)
            latencies.append(latency)
            histogram.record(seconds: latency)
        }
        latencies.sort()
        for fraction in [0.5, 0.9, 0.99, 0.999] {
            let exact = latencies[Int((fraction * Double(latencies.count)).rounded(.up)) - 1]
            let read = histogram.percentile(fraction)
            #expect(abs(read - exact) / exact <= 0.01, "p\(fraction * 100): \(read) against \(exact)")
        }
        #expect(histogram.count == 20_000)
        #expect(abs(histogram.slowest - latencies.last!) / latencies.last! < 1e-6)
    }

    private func parse(_ pieces: [String], isHead: Bool = false) throws -> HTTPResponseParser {
        var parser = HTTPResponseParser(isHead: isHead)
        for piece in pieces where !parser.isComplete {
            try Array(piece.utf8).withUnsafeBytes { try parser.feed($0) }
        }
        return parser
    }

    @Test func responsesArriveInPieces() throws {
        let parser = try parse(["HTTP/1.1 200 OK\r\nContent-Le", "ngth: 11\r\nX-Backend: web1\r\n\r\nhello", " world"])
        #expect(parser.isComplete && parser.status == 200 && parser.reason == "OK" && !parser.closes)
        #expect(String(decoding: parser.body, as: UTF8.self) == "hello world")
        #expect(parser.headers.first { $0.0 == "X-Backend" }?.1 == "web1")
    }

    @Test func chunkedBodiesAreJoined() throws {
        let parser = try parse(["HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                                "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n"])
        #expect(parser.isComplete && parser.status == 503 && parser.closes)
        #expect(String(decoding: parser.body, as: UTF8.self) == "hello world")
    }

    @Test func aBodyWithoutLengthEndsWithTheConnection() throws {
        var parser = try parse(["HTTP/1.0 200 OK\r\n\r\nall of it"])
        #expect(!parser.isComplete)
        let finished = parser.finishAtClose()
        #expect(finished)
        #expect(String(decoding: parser.body, as: UTF8.self) == "all of it")
    }

    @Test func somethingElseIsRefused() {
        #expect(throws: HTTPResponseParser.Failure.self) { try parse(["SSH-2.0-OpenSSH_9.2\r\n\r\n"]) }
    }

    @Test func psqlCSVBecomesRows() {
        let rows = PostgresQuery.rows(fromCSV: "id,message\n1,hello world\n2,\"a, \"\"quoted\"\"\nline\"\n")
        #expect(rows.count == 2)
        #expect(rows[0].map(\.0) == ["id", "message"] && rows[0].map(\.1) == ["1", "hello world"])
        #expect(rows[1][1].1 == "a, \"quoted\"\nline")
    }
}
