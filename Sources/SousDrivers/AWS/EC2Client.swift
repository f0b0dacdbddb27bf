#if canImport(Glibc)
import Glibc
#endif
import SousChefServer
import SousSupport

/// An error EC2 answered, with its code, what it means for the user, and the request id AWS
/// support asks for.
public struct EC2Error: Error, CustomStringConvertible {
    public let action: String
    public let status: Int
    public let code: String
    public let message: String
    public let requestID: String?

    public var description: String {
        var text = "EC2 \(action) failed: \(code): \(message)"
        if let hint = Self.hints[code] { text += " (\(hint))" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }

    public var isThrottling: Bool { Self.throttling.contains(code) }
    public var isNotFound: Bool { code.hasSuffix(".NotFound") }

    /// botocore's throttling codes, EC2's first.
    static let throttling: Set<String> = ["RequestLimitExceeded", "Throttling", "ThrottlingException", "ThrottledException",
                                          "RequestThrottledException", "TooManyRequestsException", "RequestThrottled",
                                          "EC2ThrottledException", "SlowDown", "PriorRequestNotComplete", "LimitExceededException"]

    static let hints: [String: String] = [
        "InvalidAMIID.NotFound": "no such image in this region: check bootstrap_options image_id and the driver's region",
        "InvalidAMIID.Malformed": "an image id looks like ami-0123456789abcdef0",
        "UnauthorizedOperation": "these credentials may not do this: check the IAM policy of the access key in use",
        "AuthFailure": "the access key or its secret is wrong, or this machine's clock is off by more than 5 minutes",
        "InsufficientInstanceCapacity": "AWS has no capacity for this instance type here now: try another instance_type or availability zone, or later",
        "InvalidKeyPair.NotFound": "no such key pair in this region: create it (aws_key_pair) or fix bootstrap_options key_name",
        "RequestLimitExceeded": "EC2 throttled the requests; sous retried with backoff and gave up",
    ]
}

/// EC2's Query API (version 2016-11-15): form-encoded POSTs signed with Signature Version 4,
/// XML answers. Throttling and server errors are retried with exponential backoff and full
/// jitter, at most `attempts` times in all.
public final class EC2Client {
    public static let apiVersion = "2016-11-15"
    public let region: String
    public let endpoint: String
    let credentials: AWSCredentials
    public var attempts = 4
    /// Every action sent, in order (retries included): what a run asked of EC2. The machines
    /// of a batch share one client from their own threads.
    public var sent: [String] { sentLog.current }
    private let sentLog = Locked<[String]>([])
    /// Seconds to wait before retry `n` (from 1): full jitter over an exponential cap.
    var backoff: (Int) -> Double = { retry in Double.random(in: 0...min(5, 0.2 * Double(1 << min(retry, 10)))) }
    var pause: (Double) -> Void = Pause.seconds
    /// The current time in seconds since the epoch (UTC), for X-Amz-Date.
    var clock: () -> Double = {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    public init(region: String, credentials: AWSCredentials, endpoint: String? = nil) {
        self.region = region
        self.credentials = credentials
        var url = endpoint ?? "https://ec2.\(region).amazonaws.com"
        while url.hasSuffix("/") { url.removeLast() }
        self.endpoint = url
    }

    /// The host (and port, when not the scheme's own) the signature names.
    var host: String {
        let rest = endpoint.split(separator: "://", maxSplits: 1).last.map(String.init) ?? endpoint
        return rest.split(separator: "/", maxSplits: 1).first.map(String.init) ?? rest
    }

    /// Calls an action: `call("DescribeInstances", [("InstanceId.1", "i-123")])`.
    public func call(_ action: String, _ parameters: [(String, String)] = []) throws -> XMLElement {
        let body = Array(([("Action", action), ("Version", Self.apiVersion)] + parameters)
            .map { "\(SigV4Signer.encode($0.0))=\(SigV4Signer.encode($0.1))" }.joined(separator: "&").utf8)
        var retry = 0
        while true {
            do {
                return try send(action, body: body)
            } catch let error as EC2Error where (error.isThrottling || error.status >= 500) && retry + 1 < attempts {
                retry += 1
                pause(backoff(retry))
            } catch let failure as HTTPFailure where failure.isTransient && retry + 1 < attempts {
                retry += 1
                pause(backoff(retry))
            }
        }
    }

    private func send(_ action: String, body: [UInt8]) throws -> XMLElement {
        sentLog.update { $0.append(action) }
        let time = CivilTime(seconds: clock(), offset: 0)
        let amzDate = "\(time.year)\(CivilTime.pad(time.month))\(CivilTime.pad(time.day))T"
            + "\(CivilTime.pad(time.hour))\(CivilTime.pad(time.minute))\(CivilTime.pad(time.second))Z"
        let headers = [("Host", host), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
        let signed = SigV4Signer.sign(SigV4Request(method: "POST", path: "/", headers: headers, body: body),
                                      credentials: credentials, region: region, service: "ec2", amzDate: amzDate)
        let response = try HTTPClient.request("POST", url: endpoint + "/", headers: headers.filter { $0.0 != "Host" } + signed,
                                              body: body, timeout: 60)
        let document: XMLElement
        do {
            document = try XMLReader.parse(response.body)
        } catch {
            throw EC2Error(action: action, status: response.status, code: "MalformedResponse",
                           message: "HTTP \(response.status) with a body that is not XML: \(error)", requestID: nil)
        }
        guard (200..<300).contains(response.status) else {
            let error = document.child("Errors")?.child("Error")
            throw EC2Error(action: action, status: response.status, code: error?.value("Code") ?? "HTTP\(response.status)",
                           message: error?.value("Message") ?? "no message", requestID: document.value("RequestID") ?? document.value("RequestId"))
        }
        return document
    }
}

extension Array where Element == (String, String) {
    /// EC2's flattened lists: `InstanceId.1`, `InstanceId.2`, ...
    public static func numbered(_ name: String, _ values: [String]) -> [(String, String)] {
        values.enumerated().map { ("\(name).\($0.offset + 1)", $0.element) }
    }
}
