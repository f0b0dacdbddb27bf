import Foundation
import Testing
@testable import SousDrivers

/// Signature Version 4 against AWS's published test suite (the classic get-vanilla and
/// post-x-www-form-urlencoded-parameters cases, and the documentation's signing-key example),
/// and against botocore (Debian's python3-botocore) signing the same requests at test time.
@Suite struct SigV4SignerTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = "20150830T123600Z"

    @Test func getVanilla() {
        let request = SigV4Request(method: "GET", path: "/", headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", Self.date)])
        let (canonical, signed) = SigV4Signer.canonicalRequest(request)
        #expect(canonical == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(signed == "host;x-amz-date")
        #expect(SigV4SignerTests.sha256Hex(canonical) == "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
        let key = SigV4Signer.signingKey(secret: Self.credentials.secretAccessKey, date: "20150830", region: "us-east-1", service: "service")
        #expect(Self.hex(key) == "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75")
        let headers = SigV4Signer.sign(SigV4Request(method: "GET", path: "/", headers: [("Host", "example.amazonaws.com")]),
                                       credentials: Self.credentials, region: "us-east-1", service: "service", amzDate: Self.date)
        #expect(headers.first { $0.0 == "Authorization" }?.1 == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    /// The shape of every EC2 Query call: a form body, no query string.
    @Test func postFormParameters() {
        let request = SigV4Request(method: "POST", path: "/",
                                   headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf8"), ("Host", "example.amazonaws.com")],
                                   body: Array("Param1=value1".utf8))
        let headers = SigV4Signer.sign(request, credentials: Self.credentials, region: "us-east-1", service: "service", amzDate: Self.date)
        #expect(headers.first { $0.0 == "Authorization" }?.1 == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date, Signature=1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe")
    }

    @Test func signingKeyOfTheDocumentation() {
        let key = SigV4Signer.signingKey(secret: Self.credentials.secretAccessKey, date: "20150830", region: "us-east-1", service: "iam")
        #expect(Self.hex(key) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }

    @Test func credentialsNeverShowTheirSecret() {
        let temporary = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "the-secret", sessionToken: "the-token")
        #expect(!"\(temporary)".contains("the-secret") && !"\(temporary)".contains("the-token"))
    }

    struct Case: Codable {
        var method: String, host: String, path: String, query: [[String]], headers: [[String]], body: String
        var token: String?
        var region: String, service: String
    }

    static let cases: [Case] = [
        Case(method: "POST", host: "ec2.us-east-1.amazonaws.com", path: "/", query: [],
             headers: [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"]],
             body: "Action=RunInstances&Version=2016-11-15&ImageId=ami-12345678&MinCount=3&MaxCount=3&TagSpecification.1.Tag.1.Value=a%20b",
             token: nil, region: "us-east-1", service: "ec2"),
        Case(method: "POST", host: "127.0.0.1:5000", path: "/", query: [],
             headers: [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"]],
             body: "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3ASous&Filter.1.Value.1=yes",
             token: "FQoGZXIvYXdzEXAMPLETOKEN/+=", region: "eu-west-1", service: "ec2"),
        Case(method: "GET", host: "example.amazonaws.com", path: "/a/b c/./d/../e", query: [["b", "2"], ["a", "x y"], ["a", "1"], ["c", "~*+"]],
             headers: [["X-Custom", "  several   spaces  here "], ["x-custom", "second"]], body: "",
             token: nil, region: "us-west-2", service: "service"),
        Case(method: "PUT", host: "example.amazonaws.com", path: "/ሴ/", query: [["key", "välue/with=signs&more"]],
             headers: [["Content-Type", "text/plain"], ["User-Agent", "not signed"]], body: "hello\n",
             token: nil, region: "ap-southeast-2", service: "service"),
    ]

    @Test func botocoreSignsTheSame() throws {
        let script = """
        import datetime, json, sys
        from unittest import mock
        from urllib.parse import urlencode, quote
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        answers = []
        for case in json.load(sys.stdin):
            query = ('?' + urlencode([tuple(pair) for pair in case['query']], quote_via=quote)) if case['query'] else ''
            # The path raw, as botocore takes it: it normalizes it and encodes each segment once.
            url = 'http://' + case['host'] + case['path'] + query
            request = AWSRequest(method=case['method'], url=url, data=case['body'].encode(), headers=dict())
            for name, value in case['headers']:
                request.headers[name] = value  # a second header of the same name is added, not replaced
            credentials = Credentials('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', case.get('token'))
            with mock.patch('botocore.auth.datetime') as clock:
                clock.datetime.utcnow.return_value = datetime.datetime(2015, 8, 30, 12, 36, 0)
                SigV4Auth(credentials, case['service'], case['region']).add_auth(request)
            answers.append(request.headers['Authorization'])
        print(json.dumps(answers))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(Self.cases))
        try input.fileHandleForWriting.close()
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "botocore: \(complaint)")
        let expected = try JSONDecoder().decode([String].self, from: answer)
        try #require(expected.count == Self.cases.count)
        for (item, wanted) in zip(Self.cases, expected) {
            let request = SigV4Request(method: item.method, path: item.path, query: item.query.map { ($0[0], $0[1]) },
                                       headers: [("Host", item.host)] + item.headers.map { ($0[0], $0[1]) }, body: Array(item.body.utf8))
            let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                             sessionToken: item.token)
            let signed = SigV4Signer.sign(request, credentials: credentials, region: item.region, service: item.service, amzDate: Self.date)
            #expect(signed.first { $0.0 == "Authorization" }?.1 == wanted, "\(item.method) \(item.host)\(item.path)")
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    static func sha256Hex(_ text: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(answer.prefix(64))
    }
}
