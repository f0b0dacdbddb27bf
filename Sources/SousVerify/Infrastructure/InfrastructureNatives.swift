#if canImport(Glibc)
import Glibc
#endif
import SousLanguage
import SousSupport

/// The natives behind infrataster's Ruby: requests, commands and queries on servers, load
/// and heartbeat runs (on threads of their own; the interpreter waits), and faults through
/// the directory, always restored before the heartbeat returns.
enum InfrastructureNatives {
    static func install(in interpreter: Interpreter, session: SpecSession, directory: ServerDirectory) throws {
        _ = try interpreter.evaluate(SourceFile(path: InfratasterSource.path, text: InfratasterSource.source))
        let module = interpreter.module(path: "Infrataster")
        let infratasterError = interpreter.constant(path: "Infrataster::Error")?.asModule ?? interpreter.classes.runtimeError!
        let connectionError = interpreter.constant(path: "Infrataster::ConnectionError")?.asModule ?? infratasterError
        var addresses: [String: String] = [:]

        func reference(_ interp: Interpreter, _ name: Value, _ address: Value, _ ssh: Value) throws -> ServerReference {
            var options: [String: String] = [:]
            for (key, value) in ssh.asHash?.pairs ?? [] { options[try interp.toS(key)] = try interp.toS(value) }
            return ServerReference(name: try interp.toS(name), address: address.isNil ? nil : try interp.toS(address), ssh: options)
        }
        func failing<T>(_ interp: Interpreter, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let error as VerifyError { throw interp.makeError(infratasterError, error.description) }
        }

        interpreter.defineSingleton(module, "__server_address") { interp, _, args in
            let server = try reference(interp, args[0], args[1], args[2])
            if let known = addresses[server.name], server.address == nil { return interp.makeString(known) }
            do {
                let address = try failing(interp) { try directory.address(of: server) }
                if server.address == nil { addresses[server.name] = address }
                return interp.makeString(address)
            } catch {
                // A URL's host that names no server is an address or a host name itself.
                guard args[3].isTruthy else { throw error }
                if SocketAddress.make(server.name, port: 80) != nil { return interp.makeString(server.name) }
                if let resolved = SocketAddress.resolve(server.name) { return interp.makeString(resolved) }
                throw error
            }
        }
        interpreter.defineSingleton(module, "chef_environment") { interp, _, _ in
            directory.environment.map { interp.makeString($0) } ?? .null
        }
        interpreter.defineSingleton(module, "__escape") { interp, _, args in
            interp.makeString(PercentEncoding.encode(try interp.toS(args[0])))
        }
        interpreter.defineSingleton(module, "__http") { interp, _, args in
            let request = try httpRequest(interp, args)
            let timeout = try interp.toDouble(args[7])
            let outcome = HTTPExchange.perform(request, timeout: timeout)
            if let error = outcome.error {
                throw interp.makeError(connectionError, "\(request.method) http://\(request.host)\(request.target) (at \(request.address):\(request.port)): \(error.rawValue): \(outcome.errorMessage)")
            }
            return interp.makeArray([
                .integer(outcome.status), interp.makeString(outcome.reason),
                interp.makeArray(outcome.headers.map { interp.makeArray([interp.makeString($0.0), interp.makeString($0.1)]) }),
                interp.makeString(String(decoding: outcome.body, as: UTF8.self)), .float(outcome.elapsed),
            ])
        }
        interpreter.defineSingleton(module, "__command") { interp, _, args in
            let server = try reference(interp, args[0], args[1], args[2])
            let command = try interp.toS(args[3])
            let outcome = try failing(interp) { try directory.run(command, on: server) }
            return interp.makeArray([interp.makeString(outcome.stdout), interp.makeString(outcome.stderr), .integer(outcome.status)])
        }
        interpreter.defineSingleton(module, "__pgsql") { interp, _, args in
            let server = try reference(interp, args[0], args[1], args[2])
            let query = try interp.toS(args[3])
            var settings: [String: String] = [:]
            for (key, value) in args[4].asHash?.pairs ?? [] { settings[try interp.toS(key)] = try interp.toS(value) }
            let outcome = try failing(interp) { try directory.run(PostgresQuery.command(query, settings: settings), on: server) }
            guard outcome.status == 0 else {
                throw interp.makeError(infratasterError, "pgsql on server(:\(server.name)): \(query): \(outcome.stderr.trimmingSpaces)")
            }
            let rows = PostgresQuery.rows(fromCSV: outcome.stdout)
            return interp.makeArray(rows.map { row in interp.makeHash(row.map { (interp.makeString($0.0), interp.makeString($0.1)) }) })
        }
        interpreter.defineSingleton(module, "__load") { interp, _, args in
            let request = try httpRequest(interp, args)
            let requests = try interp.toInteger(args[7]), concurrency = max(1, try interp.toInteger(args[8]))
            let duration = try interp.toDouble(args[9]), rate = try interp.toDouble(args[10]), timeout = try interp.toDouble(args[11])
            let pace: LoadPlan.Pace = requests > 0 ? .requests(requests) : .rate(perSecond: rate, seconds: duration)
            let threads = min(concurrency, max(1, ThreadLimit.processorCount))
            let result = LoadGenerator.run(LoadPlan(request: request, pace: pace, concurrency: concurrency, timeout: timeout, threads: threads))
            session.currentNotes.append(result.summary)
            let statuses = interp.makeHash(result.statuses.sorted { $0.key < $1.key }.map { (.integer($0.key), .integer($0.value)) })
            let errors = interp.makeHash(result.errors.sorted { $0.key.rawValue < $1.key.rawValue }.map { (.symbol($0.key.rawValue), .integer($0.value)) })
            return keywordHash(interp, [
                ("requests", .integer(result.requests)), ("failures", .integer(result.failures)),
                ("statuses", statuses), ("errors", errors), ("rps", .float(result.rps)),
                ("p50", .float(result.latency.percentile(0.5))), ("p90", .float(result.latency.percentile(0.9))),
                ("p99", .float(result.latency.percentile(0.99))), ("max", .float(result.latency.slowest)),
                ("mean", .float(result.latency.mean)), ("duration", .float(result.duration)),
                ("summary", interp.makeString(result.summary)),
            ])
        }
        interpreter.defineSingleton(module, "__heartbeat") { interp, _, args in
            let request = try httpRequest(interp, args)
            let count = max(1, try interp.toInteger(args[7]))
            let interval = try interp.toDouble(args[8]), timeout = try interp.toDouble(args[9])
            var faults: [(FaultKind, ServerReference, Int)] = []
            for item in args[10].asArray?.items ?? [] {
                let parts = item.asArray?.items ?? []
                guard parts.count == 5, let kind = FaultKind(rawValue: try interp.toS(parts[0])) else { continue }
                let at = try interp.toDouble(parts[4])
                faults.append((kind, try reference(interp, parts[1], parts[2], parts[3]), min(count, Int((at * Double(count)).rounded(.down)))))
            }
            let result = try failing(interp) { try FaultedHeartbeat.run(request, count: count, interval: interval, timeout: timeout,
                                                                         faults: faults, directory: directory) }
            session.currentNotes.append(result.summary)
            let statuses = interp.makeHash(result.statuses.sorted { $0.key < $1.key }.map { (.integer($0.key), .integer($0.value)) })
            let drops = interp.makeArray(result.dropped.map { beat in
                interp.makeArray([.integer(beat.number), .float(beat.at),
                                  interp.makeString(beat.outcome.error.map { "\($0.rawValue): \(beat.outcome.errorMessage)" } ?? "status \(beat.outcome.status)")])
            })
            return keywordHash(interp, [
                ("requests", .integer(result.beats.count)), ("dropped", .integer(result.dropped.count)),
                ("longest_gap", .float(result.longestGap)), ("drops", drops), ("statuses", statuses),
                ("duration", .float(result.duration)), ("summary", interp.makeString(result.summary)),
            ])
        }
    }

    private static func keywordHash(_ interp: Interpreter, _ pairs: [(String, Value)]) -> Value {
        interp.makeHash(pairs.map { (.symbol($0.0), $0.1) })
    }

    /// The wire arguments Ruby's `Http#wire` passes first: address, port, method, target, host, headers, body.
    private static func httpRequest(_ interp: Interpreter, _ args: Args) throws -> HTTPRequest {
        let headers = try (args[5].asArray?.items ?? []).map { pair -> (String, String) in
            let parts = pair.asArray?.items ?? []
            return (try interp.toS(parts.first ?? .null), try interp.toS(parts.count > 1 ? parts[1] : .null))
        }
        return HTTPRequest(address: try interp.toS(args[0]), port: UInt16(clamping: try interp.toInteger(args[1])),
                           method: try interp.toS(args[2]), target: try interp.toS(args[3]), host: try interp.toS(args[4]),
                           headers: headers, body: Array(try interp.toS(args[6]).utf8))
    }
}
