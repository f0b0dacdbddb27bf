#if canImport(Glibc)
import Glibc
#endif
import CSystem
import SousSupport

/// What a load test asks for: a number of requests as fast as `concurrency` connections
/// allow, or a constant rate for a duration.
public struct LoadPlan: Sendable {
    public enum Pace: Sendable {
        case requests(Int)
        /// Requests per second for seconds: request i is due at start + i/rate, and its
        /// latency counts from then, so a stalled server is not hidden by waiting for it.
        case rate(perSecond: Double, seconds: Double)
    }

    public var request: HTTPRequest
    public var pace: Pace
    public var concurrency: Int
    public var timeout: Double
    /// Threads sending (each with its own share of the connections).
    public var threads: Int

    public init(request: HTTPRequest, pace: Pace, concurrency: Int, timeout: Double, threads: Int) {
        self.request = request
        self.pace = pace
        self.concurrency = concurrency
        self.timeout = timeout
        self.threads = threads
    }
}

public struct LoadResult: Sendable {
    public var requests = 0
    public var statuses: [Int: Int] = [:]
    public var errors: [RequestErrorKind: Int] = [:]
    public var latency = LatencyHistogram()
    public var duration: Double = 0
    public var bytes = 0
    public var firstErrors: [String] = []

    /// Non-2xx answers and requests without an answer.
    public var failures: Int {
        statuses.filter { !(200..<300).contains($0.key) }.values.reduce(0, +) + errors.values.reduce(0, +)
    }

    public var rps: Double { duration > 0 ? Double(requests) / duration : 0 }

    mutating func merge(_ other: LoadResult) {
        requests += other.requests
        for (status, count) in other.statuses { statuses[status, default: 0] += count }
        for (kind, count) in other.errors { errors[kind, default: 0] += count }
        latency.merge(other.latency)
        bytes += other.bytes
        firstErrors += other.firstErrors.prefix(max(0, 5 - firstErrors.count))
    }

    /// A summary in the shape of vegeta's report.
    public var summary: String {
        func ms(_ seconds: Double) -> String { FixedDecimal.format(seconds * 1000, places: 3) + "ms" }
        let success = requests == 0 ? 0 : Double(requests - failures) / Double(requests) * 100
        var lines = [
            "Requests      [total, rate]          \(requests), \(FixedDecimal.format(rps, places: 2))/s",
            "Duration      [total]                \(FixedDecimal.format(duration, places: 3))s",
            "Latencies     [mean, 50, 90, 99, max] \(ms(latency.mean)), \(ms(latency.percentile(0.5))), \(ms(latency.percentile(0.9))), \(ms(latency.percentile(0.99))), \(ms(latency.slowest))",
            "Bytes In      [total]                \(bytes)",
            "Success       [ratio]                \(FixedDecimal.format(success, places: 2))%",
            "Status Codes  [code:count]           " + (statuses.keys.sorted().map { "\($0):\(statuses[$0]!)" }
                + errors.keys.sorted { $0.rawValue < $1.rawValue }.map { "\($0.rawValue):\(errors[$0]!)" }).joined(separator: "  "),
        ]
        if !firstErrors.isEmpty { lines.append("Error Set:") ; lines += firstErrors }
        return lines.joined(separator: "\n")
    }
}

/// Sends a load plan over keep-alive connections, each thread driving its share of them
/// with epoll (as wrk does), on threads of its own.
public enum LoadGenerator {
    /// epoll's event bits, as CSystem passes them.
    private enum Events {
        static let input = UInt32(SOUS_EVENT_IN), output = UInt32(SOUS_EVENT_OUT), err = UInt32(SOUS_EVENT_ERR)
        static let hup = UInt32(SOUS_EVENT_HUP), rdhup = UInt32(SOUS_EVENT_RDHUP)
        static let broken = err | hup
        static let readable = input | rdhup | hup | err
    }

    public static func run(_ plan: LoadPlan) -> LoadResult {
        let threads = max(1, min(plan.threads, plan.concurrency))
        let results = Locked([LoadResult]())
        let started = MonotonicClock.seconds()
        let total: Int
        switch plan.pace {
        case .requests(let count): total = count
        case .rate(let rate, let seconds): total = Int((rate * seconds).rounded(.down))
        }
        BlockingThreads.run(count: threads, limit: threads) { worker in
            let connections = plan.concurrency / threads + (worker < plan.concurrency % threads ? 1 : 0)
            // Request i belongs to worker i % threads.
            let share = total / threads + (worker < total % threads ? 1 : 0)
            var driver = Worker(plan: plan, connections: connections, share: share, worker: worker, threads: threads, start: started)
            let result = driver.run()
            results.update { $0.append(result) }
        }
        var merged = LoadResult()
        for result in results.current { merged.merge(result) }
        merged.duration = MonotonicClock.seconds() - started
        return merged
    }

    private struct Connection {
        var socket: Int32 = -1
        var sent = 0
        var busy = false
        var connecting = false
        /// The connection has answered a request before (a server may close it while idle).
        var reused = false
        var startedAt = 0.0
        var dueAt = 0.0
        var parser = HTTPResponseParser(keepBody: false)
    }

    private struct Worker {
        let plan: LoadPlan
        let share: Int
        let worker: Int
        let threads: Int
        let start: Double
        let request: [UInt8]
        var connections: [Connection]
        var issued = 0
        var result = LoadResult()
        let poller: Int32
        var buffer = [UInt8](repeating: 0, count: 65_536)

        init(plan: LoadPlan, connections: Int, share: Int, worker: Int, threads: Int, start: Double) {
            self.plan = plan
            self.share = share
            self.worker = worker
            self.threads = threads
            self.start = start
            self.request = plan.request.bytes(keepAlive: true)
            self.connections = Array(repeating: Connection(), count: max(1, connections))
            self.poller = sous_epoll_create()
        }

        /// When request number `issued` of this worker is due (rate plans), else now.
        func due(_ number: Int) -> Double {
            if case .rate(let rate, _) = plan.pace { return start + Double(number * threads + worker) / rate }
            return 0
        }

        mutating func run() -> LoadResult {
            defer {
                for connection in connections where connection.socket >= 0 { close(connection.socket) }
                close(poller)
            }
            var tokens = [UInt32](repeating: 0, count: 256), flags = [UInt32](repeating: 0, count: 256)
            while true {
                let now = MonotonicClock.seconds()
                for index in connections.indices where !connections[index].busy && issued < share {
                    let dueAt = due(issued)
                    if dueAt > now { break }
                    issued += 1
                    begin(index, dueAt: dueAt == 0 ? now : dueAt)
                }
                let active = connections.contains { $0.busy }
                if !active && issued >= share { break }
                // Wait for sockets, the next due request, or the nearest timeout.
                var wait = 0.05
                if issued < share, !connections.allSatisfy({ $0.busy }) { wait = min(wait, max(0, due(issued) - now)) }
                let ready = sous_epoll_wait(poller, &tokens, &flags, Int32(tokens.count), Int((wait * 1_000_000).rounded(.up)))
                for index in 0..<max(0, Int(ready)) { handle(Int(tokens[index]), flags[index]) }
                expire(MonotonicClock.seconds())
            }
            return result
        }

        mutating func begin(_ index: Int, dueAt: Double) {
            connections[index].busy = true
            connections[index].dueAt = dueAt
            connections[index].startedAt = MonotonicClock.seconds()
            connections[index].sent = 0
            connections[index].parser.reset()
            if connections[index].socket < 0 && !open(index) { return }
            if !connections[index].connecting { write(index) }
        }

        mutating func open(_ index: Int) -> Bool {
            let started: TCPConnect.Started
            switch TCPConnect.start(plan.request.address, port: plan.request.port) {
            case .success(let value): started = value
            case .failure(let failure):
                finish(index, error: .connect, failure.message)
                return false
            }
            let socket = started.socket
            connections[index].socket = socket
            connections[index].reused = false
            connections[index].connecting = started.inProgress
            sous_epoll_watch(poller, socket, UInt32(index))
            return true
        }

        mutating func handle(_ index: Int, _ flags: UInt32) {
            guard index < connections.count, connections[index].socket >= 0 else { return }
            if connections[index].connecting {
                guard flags & (Events.output | Events.broken) != 0 else { return }
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(connections[index].socket, SOL_SOCKET, SO_ERROR, &error, &length)
                if error != 0 {
                    drop(index)
                    finish(index, error: .connect, "connect to \(plan.request.address):\(plan.request.port): \(String(cString: strerror(error)))")
                    return
                }
                connections[index].connecting = false
                if connections[index].busy { write(index) }
                return
            }
            if connections[index].busy && connections[index].sent < request.count && flags & Events.output != 0 { write(index) }
            if flags & Events.readable != 0 { read(index) }
        }

        mutating func write(_ index: Int) {
            let socket = connections[index].socket
            while connections[index].sent < request.count {
                let sent = connections[index].sent
                let written = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if written > 0 { connections[index].sent += written; continue }
                if written < 0 && errno == EAGAIN { return }
                if written < 0 && errno == EINTR { continue }
                retryOrFail(index, "sending: \(String(cString: strerror(errno)))")
                return
            }
        }

        mutating func read(_ index: Int) {
            let socket = connections[index].socket
            while socket >= 0 && connections[index].socket == socket {
                let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    guard connections[index].busy else { drop(index); return }  // bytes nobody asked for
                    result.bytes += count
                    do {
                        try buffer.withUnsafeBytes { try connections[index].parser.feed(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    } catch {
                        drop(index)
                        finish(index, error: .protocolError, "\(error)")
                        return
                    }
                    if connections[index].parser.isComplete {
                        let closes = connections[index].parser.closes
                        complete(index)
                        if closes { drop(index) }
                    }
                    continue
                }
                if count == 0 {
                    if connections[index].busy {
                        if connections[index].parser.finishAtClose() {
                            complete(index)
                            drop(index)
                        } else {
                            retryOrFail(index, "the server closed the connection before answering")
                        }
                    } else {
                        drop(index)
                    }
                    return
                }
                if errno == EAGAIN { return }
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                if connections[index].busy { retryOrFail(index, "reading: \(message)") } else { drop(index) }
                return
            }
        }

        /// A kept-alive connection the server closed while idle is reopened and the request
        /// sent again (wrk does the same); on a fresh connection it is an error.
        mutating func retryOrFail(_ index: Int, _ message: String) {
            let reused = connections[index].reused && connections[index].parser.status == 0
            drop(index)
            if reused {
                if open(index), !connections[index].connecting { write(index) }
                return
            }
            finish(index, error: .reset, message)
        }

        mutating func complete(_ index: Int) {
            let now = MonotonicClock.seconds()
            let from = connections[index].dueAt > 0 ? connections[index].dueAt : connections[index].startedAt
            result.latency.record(seconds: now - from)
            result.statuses[connections[index].parser.status, default: 0] += 1
            result.requests += 1
            connections[index].busy = false
            connections[index].reused = true
        }

        mutating func finish(_ index: Int, error: RequestErrorKind, _ message: String) {
            let now = MonotonicClock.seconds()
            let from = connections[index].dueAt > 0 ? connections[index].dueAt : connections[index].startedAt
            result.latency.record(seconds: now - from)
            result.errors[error, default: 0] += 1
            result.requests += 1
            if result.firstErrors.count < 5 { result.firstErrors.append("\(error.rawValue): \(message)") }
            connections[index].busy = false
        }

        mutating func drop(_ index: Int) {
            if connections[index].socket >= 0 {
                sous_epoll_forget(poller, connections[index].socket)
                close(connections[index].socket)
            }
            connections[index].socket = -1
            connections[index].connecting = false
            connections[index].reused = false
        }

        mutating func expire(_ now: Double) {
            for index in connections.indices where connections[index].busy && now - connections[index].startedAt > plan.timeout {
                drop(index)
                finish(index, error: .timeout, "no answer in \(plan.timeout) s")
            }
        }
    }
}

