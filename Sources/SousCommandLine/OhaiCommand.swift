import ArgumentParser
import SousRun
import SousSupport

/// `sous ohai [ATTRIBUTE...]`: the automatic attributes a run gives its node, printed as
/// ohai prints them: all as one JSON object, or one attribute by its path
/// (`network/default_interface`), a string wrapped in an array.
struct OhaiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ohai", abstract: "Print this machine's automatic attributes, as ohai does.")

    @Argument(help: "Attribute paths to print (`ipaddress`, `network/interfaces`); all when none is given.")
    var attributes: [String] = []

    func run() throws {
        let facts = Ohai.collect()
        guard !attributes.isEmpty else {
            print(facts.rendered(pretty: true))
            return
        }
        for path in attributes {
            var value: JSON? = facts
            for key in path.split(separator: "/") {
                if let array = value?.arrayValue, let index = Int(key) {
                    value = index < array.count ? array[index] : nil
                } else {
                    value = value?[String(key)]
                }
            }
            switch value {
            case .object?, .array?: print(value!.rendered(pretty: true))
            case let scalar?: print(JSON.array([scalar]).rendered(pretty: true))
            case nil: print(JSON.array([.null]).rendered(pretty: true))
            }
        }
    }
}
