import SousSupport
import Testing

/// The shared basics, without a binary, a server or root. Expected values come from the
/// standards and from Ruby's documented output, not from sous.
@Suite struct SupportTests {
    /// RFC 4648, section 10: the test vectors of base64.
    @Test func base64MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64.decode("Zm9v!") == nil)
    }

    /// What Ruby 3.1's `JSON.generate` and `JSON.pretty_generate` (json 2.6) print for the
    /// same document; empty arrays and objects included, which that version opens on a line
    /// of their own.
    @Test func jsonPrintsAsRubysJSONDoes() throws {
        let document = try JSON.parse(#"{"name":"web1","ports":[80,443],"weight":2.5,"tags":[],"meta":{},"on":true,"off":null}"#)
        #expect(document.rendered() == #"{"name":"web1","ports":[80,443],"weight":2.5,"tags":[],"meta":{},"on":true,"off":null}"#)
        #expect(document.rendered(pretty: true) == """
            {
              "name": "web1",
              "ports": [
                80,
                443
              ],
              "weight": 2.5,
              "tags": [

              ],
              "meta": {
              },
              "on": true,
              "off": null
            }
            """)
        #expect(try JSON.parse(#""caf\u00e9 \ud83d\ude00""#) == .string("café 😀"))
        #expect(JSON.string("tab\tquote\"").rendered() == #""tab\tquote\"""#)
    }

    /// RFC 8259 refuses these; so does the reader.
    @Test func jsonRefusesWhatTheRFCRefuses() {
        for text in ["01", "1.", "[1,]", "{\"a\":1,}", "\"\u{01}\"", "tru", "[\"\\ud800\"", "1e"] {
            #expect(throws: (any Error).self, "\(text.debugDescription) was read") { try JSON.parse(text) }
        }
        #expect(throws: (any Error).self) { try JSON.parse(String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)) }
    }

    /// Known instants: the epoch, a leap day, and a UTC offset (Ruby's `Time.at(s).utc.iso8601`).
    @Test func civilTimeOfKnownInstants() {
        #expect(CivilTime(seconds: 0, offset: 0).iso8601 == "1970-01-01T00:00:00")
        #expect(CivilTime(seconds: 951_782_400, offset: 0).iso8601 == "2000-02-29T00:00:00")
        #expect(CivilTime(seconds: 1_700_000_000, offset: 0).iso8601 == "2023-11-14T22:13:20")
        #expect(CivilTime(seconds: 1_700_000_000, offset: 3600).iso8601 == "2023-11-14T23:13:20")
        #expect(CivilTime(seconds: -1, offset: 0).iso8601 == "1969-12-31T23:59:59")
    }

    /// Ruby's `Float#to_s`.
    @Test func floatsPrintAsRubyPrintsThem() {
        let cases: [(Double, String)] = [(1.0, "1.0"), (2.5, "2.5"), (0.1 + 0.2, "0.30000000000000004"), (1e20, "1.0e+20"),
                                         (1e16, "1.0e+16"), (1e15, "1.0e+15"), (123456789012345.0, "123456789012345.0"), (0.0001, "0.0001"), (0.00001, "1.0e-05"),
                                         (-0.0, "-0.0"), (.infinity, "Infinity"), (-.infinity, "-Infinity")]
        for (value, text) in cases {
            #expect(FloatText.ruby(value) == text, "\(value)")
        }
        #expect(FloatText.ruby(.nan) == "NaN")
    }
}
