import ArgumentParser
import SousChefData
import SousChefServer
import SousSupport

/// `knife raw PATH`: one signed request, its JSON answer printed.
struct KnifeRaw: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "raw", abstract: "Send one signed request to the Chef server.")
    @OptionGroup var options: KnifeOptions
    @Argument(help: "A path such as /nodes, under chef_server_url.") var path: String
    @Option(name: [.customShort("m"), .customLong("method")], help: "GET, PUT, POST or DELETE.")
    var method: String = "GET"
    @Option(name: [.customShort("i"), .customLong("input")], help: "A file whose JSON is the request body.")
    var input: String?

    func run() throws {
        try KnifeSession.run(options) { session in
            let body = try input.map(session.readJSON)
            // As knife: the path is under chef_server_url (an organization's URL included).
            let answer = try session.api.request(method.uppercased(), String(path.drop(while: { $0 == "/" })), body: body)
            session.print((answer ?? .null).rendered(pretty: true))
        }
    }
}
