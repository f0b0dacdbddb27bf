import SousSupport

/// `aws`, `aws::REGION` and `aws:PROFILE:REGION`, chef-provisioning-aws's driver URLs.
public struct AWSDriverURL: Sendable, Equatable {
    public var profile: String?
    public var region: String?

    public init?(_ url: String) {
        let parts = url.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "aws", parts.count <= 3 else { return nil }
        profile = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
        region = parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
    }
}

/// Where the aws driver's credentials, region and endpoint come from, in the AWS SDKs'
/// order: the driver URL's profile or `AWS_PROFILE` (else `default`); keys from the
/// environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), else
/// the profile in `~/.aws/credentials`, else in `~/.aws/config`; the region from the URL,
/// `AWS_REGION`, `AWS_DEFAULT_REGION`, else the profile's `region`; the endpoint from the
/// machine options, `AWS_ENDPOINT_URL_EC2`, `AWS_ENDPOINT_URL`, else the profile's
/// `endpoint_url`, else EC2's own for the region.
public struct AWSSettings: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var endpoint: String?
    public var profile: String

    public static func resolve(url: AWSDriverURL, endpointOption: String? = nil, environment: [String: String],
                               home: String, read: (String) -> String?) throws -> AWSSettings {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let profile = url.profile ?? variable("AWS_PROFILE") ?? "default"
        let credentialsFile = variable("AWS_SHARED_CREDENTIALS_FILE") ?? home + "/.aws/credentials"
        let configFile = variable("AWS_CONFIG_FILE") ?? home + "/.aws/config"
        let shared = read(credentialsFile).map { INIFile.sections($0) } ?? [:]
        let config = read(configFile).map { INIFile.sections($0) } ?? [:]
        let fromCredentials = shared[profile] ?? [:]
        let fromConfig = config[profile == "default" ? "default" : "profile \(profile)"] ?? config[profile] ?? [:]

        let credentials: AWSCredentials
        if let key = variable("AWS_ACCESS_KEY_ID"), let secret = variable("AWS_SECRET_ACCESS_KEY") {
            credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: variable("AWS_SESSION_TOKEN"))
        } else if let key = fromCredentials["aws_access_key_id"], let secret = fromCredentials["aws_secret_access_key"] {
            credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: fromCredentials["aws_session_token"])
        } else if let key = fromConfig["aws_access_key_id"], let secret = fromConfig["aws_secret_access_key"] {
            credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: fromConfig["aws_session_token"])
        } else {
            throw AWSSettingsError("no AWS credentials for profile \(profile): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                + "or add aws_access_key_id and aws_secret_access_key to [\(profile)] in \(credentialsFile)")
        }
        guard let region = url.region ?? variable("AWS_REGION") ?? variable("AWS_DEFAULT_REGION") ?? fromConfig["region"] else {
            throw AWSSettingsError("no AWS region: name it in the driver URL (aws::us-east-1), set AWS_REGION, "
                + "or add region to [\(profile == "default" ? "default" : "profile \(profile)")] in \(configFile)")
        }
        let endpoint = endpointOption ?? variable("AWS_ENDPOINT_URL_EC2") ?? variable("AWS_ENDPOINT_URL") ?? fromConfig["endpoint_url"]
        return AWSSettings(credentials: credentials, region: region, endpoint: endpoint, profile: profile)
    }
}

public struct AWSSettingsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The INI files of ~/.aws: `[section]`, `key = value`, `#` and `;` comments.
enum INIFile {
    static func sections(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmingSpaces
                if let current, sections[current] == nil { sections[current] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingSpaces.lowercased()
            let value = String(line[line.index(after: equals)...]).trimmingSpaces
            sections[current]?[key] = value
        }
        return sections
    }
}

