import Testing
@testable import SousDrivers

/// The aws driver's settings in the AWS SDKs' order: URL, environment, ~/.aws files.
@Suite struct AWSSettingsTests {
    static let credentialsFile = """
    [default]
    aws_access_key_id = AKIDDEFAULT
    aws_secret_access_key = default-secret

    # a comment
    [dev]
    aws_access_key_id=AKIDDEV
    aws_secret_access_key = dev-secret
    aws_session_token = dev-token
    """
    static let configFile = """
    [default]
    region = eu-west-1
    [profile dev]
    region = us-west-2
    endpoint_url = http://127.0.0.1:5000
    [profile keys-in-config]
    aws_access_key_id = AKIDCONFIG
    aws_secret_access_key = config-secret
    region = ap-south-1
    """

    func resolve(_ url: String, _ environment: [String: String] = [:], option: String? = nil) throws -> AWSSettings {
        let files = ["/home/u/.aws/credentials": Self.credentialsFile, "/home/u/.aws/config": Self.configFile]
        return try AWSSettings.resolve(url: try #require(AWSDriverURL(url)), endpointOption: option, environment: environment,
                                       home: "/home/u", read: { files[$0] })
    }

    @Test func driverURLs() {
        #expect(AWSDriverURL("aws") == AWSDriverURL("aws::"))
        #expect(AWSDriverURL("aws::us-east-1")?.region == "us-east-1" && AWSDriverURL("aws::us-east-1")?.profile == nil)
        #expect(AWSDriverURL("aws:dev:us-west-2")?.profile == "dev")
        #expect(AWSDriverURL("local:hello") == nil && AWSDriverURL("aws:a:b:c") == nil)
    }

    @Test func theDefaultProfileFromTheFiles() throws {
        let settings = try resolve("aws")
        #expect(settings.credentials.accessKeyID == "AKIDDEFAULT" && settings.region == "eu-west-1" && settings.endpoint == nil)
    }

    @Test func theURLsProfileAndRegionWin() throws {
        let settings = try resolve("aws:dev:sa-east-1", ["AWS_PROFILE": "default", "AWS_REGION": "eu-central-1"])
        #expect(settings.credentials.accessKeyID == "AKIDDEV" && settings.credentials.sessionToken == "dev-token")
        #expect(settings.region == "sa-east-1" && settings.endpoint == "http://127.0.0.1:5000")
    }

    @Test func theEnvironmentBeatsTheFiles() throws {
        let settings = try resolve("aws", ["AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret",
                                           "AWS_DEFAULT_REGION": "ca-central-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
        #expect(settings.credentials.accessKeyID == "AKIDENV" && settings.credentials.sessionToken == nil)
        #expect(settings.region == "ca-central-1" && settings.endpoint == "http://127.0.0.1:9")
        let ec2 = try resolve("aws", ["AWS_ENDPOINT_URL": "http://a", "AWS_ENDPOINT_URL_EC2": "http://b"])
        #expect(ec2.endpoint == "http://b")
        #expect(try resolve("aws", ["AWS_ENDPOINT_URL_EC2": "http://b"], option: "http://c").endpoint == "http://c")
    }

    @Test func keysInTheConfigFile() throws {
        let settings = try resolve("aws:keys-in-config:")
        #expect(settings.credentials.accessKeyID == "AKIDCONFIG" && settings.region == "ap-south-1")
    }

    @Test func missingCredentialsOrRegionSayWhatToDo() {
        #expect(throws: AWSSettingsError.self) { try resolve("aws:nobody:us-east-1") }
        let error = #expect(throws: AWSSettingsError.self) {
            try AWSSettings.resolve(url: AWSDriverURL("aws")!, environment: ["AWS_ACCESS_KEY_ID": "AKIDX", "AWS_SECRET_ACCESS_KEY": "the-secret-value"],
                                    home: "/nowhere", read: { _ in nil })
        }
        #expect(error?.description.contains("no AWS region") == true)
        #expect(error?.description.contains("the-secret-value") == false, "a secret in a message")
    }
}
