import SousSupport

/// ohai's network plugin for Linux: `network/interfaces` from `ip -d addr`, routes from
/// `ip route`, the default interface and gateway, and `ipaddress`, `macaddress` and
/// `ip6address` chosen as ohai chooses them (see `chooseAddresses`). Every number is a
/// string, as in ohai.
enum NetworkFacts {
    struct Address {
        var address: String
        var family: String  // inet, inet6, lladdr
        var prefixLength: Int
        var fields: [(String, JSON)]
        var scope: String  // as ohai prints it: Global, Link, Node, Site, Host
    }

    struct Interface {
        var name: String
        var flags: [String] = []
        var mtu: String?
        var state: String?
        var encapsulation: String?
        var addresses: [Address] = []
        var routes: [Route] = []
    }

    struct Route {
        var destination: String
        var family: String
        var device: String?
        var fields: [(String, String)]  // via, scope, metric, proto, src, in that order
        func field(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }
        var metric: Int { Int(field("metric") ?? "0") ?? 0 }
    }

    struct Result {
        var attributes: [(String, JSON)]
    }

    static func collect() -> Result {
        func run(_ arguments: [String]) -> String {
            let result = try? CommandRunner.run(.arguments(arguments))
            return result?.status == 0 ? result?.output ?? "" : ""
        }
        // With details (-d), as ohai reads links: a bridge port's state is its bridge state.
        let addresses = run(["ip", "-d", "addr"])
        let inetRoutes = run(["ip", "-o", "-f", "inet", "route", "show", "table", "main"])
        let inet6Routes = FileSystem.kind("/proc/net/if_inet6") == .file ? run(["ip", "-o", "-f", "inet6", "route", "show", "table", "main"]) : ""
        return Result(attributes: facts(addresses: addresses, inetRoutes: inetRoutes, inet6Routes: inet6Routes))
    }

    /// The facts from the text of `ip -d addr` and `ip -o -f inet[6] route show table main`.
    static func facts(addresses: String, inetRoutes: String, inet6Routes: String) -> [(String, JSON)] {
        var interfaces = parseAddresses(addresses)
        let routes = parseRoutes(inetRoutes, family: "inet") + parseRoutes(inet6Routes, family: "inet6")
        for route in routes {
            guard let device = route.device, let index = interfaces.firstIndex(where: { $0.name == device }) else { continue }
            interfaces[index].routes.append(route)
        }
        var network: [(String, JSON)] = [("interfaces", .object(interfaces.map { ($0.name, json(of: $0)) }))]
        let inetDefault = defaultRoute(routes, family: "inet")
        let inet6Default = defaultRoute(routes, family: "inet6")
        if let route = inetDefault {
            network.append(("default_interface", route.device.map(JSON.string) ?? .null))
            network.append(("default_gateway", .string(route.field("via") ?? "0.0.0.0")))
        }
        if let route = inet6Default {
            network.append(("default_inet6_interface", route.device.map(JSON.string) ?? .null))
            network.append(("default_inet6_gateway", .string(route.field("via") ?? "::")))
        }
        let chosen = chooseAddresses(interfaces, routes: routes, inetDefault: inetDefault, inet6Default: inet6Default)
        var result: [(String, JSON)] = [("network", .object(network))]
        result.append(("ipaddress", chosen.ipaddress.map(JSON.string) ?? .null))
        result.append(("macaddress", chosen.macaddress.map(JSON.string) ?? .null))
        result.append(("ip6address", chosen.ip6address.map(JSON.string) ?? .null))
        return result
    }

    // MARK: Parsing

    static func parseAddresses(_ text: String) -> [Interface] {
        var interfaces: [Interface] = []
        var current: Int?
        /// The interface a labelled address belongs to (`eth0:1` gets its own key).
        func interface(named name: String) -> Int {
            if let index = interfaces.firstIndex(where: { $0.name == name }) { return index }
            interfaces.append(Interface(name: name))
            return interfaces.count - 1
        }
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            if !line.hasPrefix(" "), first.hasSuffix(":"), Int(first.dropLast()) != nil, words.count > 1 {
                var name = String(words[1].dropLast())  // "eth0@if12:" -> "eth0@if12"
                if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
                let index = interface(named: name)
                current = index
                if words.count > 2, words[2].hasPrefix("<"), words[2].hasSuffix(">") {
                    let flags = words[2].dropFirst().dropLast().split(separator: ",").map(String.init)
                    if !flags.isEmpty { interfaces[index].flags = flags }
                }
                if let mtu = value(after: "mtu", in: words) { interfaces[index].mtu = mtu }
                if let state = value(after: "state", in: words) { interfaces[index].state = state.lowercased() }
                continue
            }
            guard let index = current else { continue }
            // A detail line naming a state (`bridge_slave state forwarding ...`) gives it.
            if first != "inet" && first != "inet6", let state = value(after: "state", in: words) {
                interfaces[index].state = state.lowercased()
            }
            if first.hasPrefix("link/") {
                let kind = String(first.dropFirst(5))
                interfaces[index].encapsulation = encapsulation(kind)
                if words.count > 1, words[1].contains(":"), words[1] != "00:00:00:00:00:00" {
                    interfaces[index].addresses.append(Address(address: words[1].uppercased(), family: "lladdr", prefixLength: 0,
                                                               fields: [("family", .string("lladdr"))], scope: ""))
                }
            } else if first == "inet", words.count > 1 {
                let parts = words[1].split(separator: "/")
                let address = String(parts[0])
                let prefix = parts.count > 1 ? Int(parts[1]) ?? 32 : 32
                var fields: [(String, JSON)] = [("family", .string("inet")), ("prefixlen", .string(String(prefix))),
                                                ("netmask", .string(netmask(prefix)))]
                if let peer = value(after: "peer", in: words) { fields.append(("peer", .string(String(peer.split(separator: "/")[0])))) }
                if let broadcast = value(after: "brd", in: words) { fields.append(("broadcast", .string(broadcast))) }
                let scope = scopeName(value(after: "scope", in: words) ?? "global")
                fields.append(("scope", .string(scope)))
                // A label other than the interface's name names an alias interface.
                var owner = index
                if let label = words.last, label != interfaces[index].name, label.hasPrefix(interfaces[index].name + ":") {
                    owner = interface(named: label)
                }
                interfaces[owner].addresses.append(Address(address: address, family: "inet", prefixLength: prefix, fields: fields, scope: scope))
            } else if first == "inet6", words.count > 1 {
                let parts = words[1].split(separator: "/")
                let address = String(parts[0])
                let prefix = parts.count > 1 ? Int(parts[1]) ?? 128 : 128
                let scope = scopeName(value(after: "scope", in: words) ?? "global")
                let scopeIndex = words.firstIndex(of: "scope").map { $0 + 2 } ?? words.count
                let tags = words.count > scopeIndex ? Array(words[scopeIndex...]) : []
                interfaces[index].addresses.append(Address(address: address, family: "inet6", prefixLength: prefix, fields: [
                    ("family", .string("inet6")), ("prefixlen", .string(String(prefix))), ("scope", .string(scope)),
                    ("tags", .array(tags.map { .string($0) })),
                ], scope: scope))
            }
        }
        return interfaces
    }

    static func parseRoutes(_ text: String, family: String) -> [Route] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let destination = words.first else { return nil }
            // Route types before the destination (`unreachable`, `local`) are not routes ohai keeps.
            if ["unreachable", "blackhole", "prohibit", "local", "broadcast", "multicast", "throw"].contains(destination) { return nil }
            var fields: [(String, String)] = []
            for key in ["via", "scope", "metric", "proto", "src"] {
                if let value = value(after: key, in: words) { fields.append((key, value)) }
            }
            return Route(destination: destination, family: family, device: value(after: "dev", in: words), fields: fields)
        }
    }

    static func value(after key: String, in words: [String]) -> String? {
        guard let index = words.firstIndex(of: key), index + 1 < words.count else { return nil }
        return words[index + 1]
    }

    static func encapsulation(_ kind: String) -> String {
        switch kind {
        case "ether": return "Ethernet"
        case "loopback": return "Loopback"
        case "ieee802.11": return "WiFi"
        case "ppp": return "PPP"
        case "sit": return "IPv6 in IPv4"
        case "none": return "None"
        default: return kind.prefix(1).uppercased() + kind.dropFirst()
        }
    }

    static func scopeName(_ scope: String) -> String {
        scope == "host" ? "Node" : scope.prefix(1).uppercased() + scope.dropFirst()
    }

    static func netmask(_ prefix: Int) -> String {
        let bits: UInt32 = prefix <= 0 ? 0 : prefix >= 32 ? 0xFFFF_FFFF : ~(0xFFFF_FFFF >> UInt32(prefix))
        return [24, 16, 8, 0].map { String((bits >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    static func json(of interface: Interface) -> JSON {
        var fields: [(String, JSON)] = []
        // type and number: a name of letters then a digit (eth0 -> eth, 0).
        let name = interface.name
        if let digit = name.firstIndex(where: { $0.isNumber }), digit != name.startIndex,
           name[..<digit].allSatisfy({ $0.isLetter || $0 == "_" }) {
            fields.append(("type", .string(String(name[..<digit]))))
            fields.append(("number", .string(String(name[digit...]))))
        }
        if let mtu = interface.mtu { fields.append(("mtu", .string(mtu))) }
        if interface.flags.count >= 2 { fields.append(("flags", .array(interface.flags.map { .string($0) }))) }
        if let encapsulation = interface.encapsulation { fields.append(("encapsulation", .string(encapsulation))) }
        if !interface.addresses.isEmpty {
            fields.append(("addresses", .object(interface.addresses.map { ($0.address, .object($0.fields)) })))
        }
        if let state = interface.state { fields.append(("state", .string(state))) }
        if !interface.routes.isEmpty {
            fields.append(("routes", .array(interface.routes.map { route in
                .object([("destination", .string(route.destination)), ("family", .string(route.family))]
                        + route.fields.map { ($0.0, .string($0.1)) })
            })))
        }
        return .object(fields)
    }

    // MARK: Choosing the node's addresses

    /// The default route of a family with the lowest metric.
    static func defaultRoute(_ routes: [Route], family: String) -> Route? {
        routes.filter { $0.family == family && $0.destination == "default" }.min { $0.metric < $1.metric }
    }

    /// ipaddress, macaddress and ip6address as ohai picks them: first from the routes (a
    /// route with a source address that is the default route or holds the gateway), then,
    /// for what is still unset, from the default interface's addresses (the one on the
    /// gateway's subnet), else the best address of any interface.
    static func chooseAddresses(_ interfaces: [Interface], routes: [Route], inetDefault: Route?, inet6Default: Route?)
        -> (ipaddress: String?, macaddress: String?, ip6address: String?) {
        var ipaddress: String?, macaddress: String?, ip6address: String?
        func firstMAC(_ interface: Interface) -> String? {
            if interface.flags.contains("LOOPBACK") { return "00:00:00:00:00:00" }
            if interface.flags.contains("NOARP") { return nil }
            return interface.addresses.first { $0.family == "lladdr" }?.address
        }
        // First pass: routes.
        let gateway = inetDefault?.field("via")
        let candidates = routes.filter { route in
            guard route.family == "inet", let source = route.field("src"), let device = route.device,
                  let interface = interfaces.first(where: { $0.name == device }),
                  let address = interface.addresses.first(where: { $0.address == source }), address.scope != "Link" else { return false }
            return route.destination == "default" || gateway.map { contains(route.destination, $0) } == true
        }
        if let best = candidates.min(by: { a, b in
            let aKey = (a.destination == "default" ? 0 : 1, a.metric, prefix(of: a.destination))
            let bKey = (b.destination == "default" ? 0 : 1, b.metric, prefix(of: b.destination))
            return aKey < bKey
        }), let device = best.device, let interface = interfaces.first(where: { $0.name == device }) {
            ipaddress = best.field("src")
            macaddress = firstMAC(interface)
        }
        // Fallback, inet then inet6, for what is unset.
        for family in ["inet", "inet6"] {
            if family == "inet" && ipaddress != nil { continue }
            if family == "inet6" && ip6address != nil { continue }
            let defaultRoute = family == "inet" ? inetDefault : inet6Default
            var chosen: (Address, Interface)?
            if let device = defaultRoute?.device, let interface = interfaces.first(where: { $0.name == device }) {
                let sorted = sortedAddresses(interface.addresses.filter { $0.family == family })
                let gateway = defaultRoute?.field("via")
                if let gateway, !["0.0.0.0", "::"].contains(gateway), !gateway.hasPrefix("fe80:") {
                    chosen = sorted.first { contains("\($0.address)/\($0.prefixLength)", gateway) }.map { ($0, interface) }
                } else {
                    chosen = sorted.first.map { ($0, interface) }
                }
            } else if defaultRoute == nil {
                let all = interfaces.flatMap { interface in interface.addresses.filter { $0.family == family }.map { ($0, interface) } }
                let order = sortedAddresses(all.map(\.0))
                chosen = order.first.flatMap { best in all.first { $0.0.address == best.address } }
            }
            guard let (address, interface) = chosen else { continue }
            if family == "inet" { ipaddress = address.address } else { ip6address = address.address }
            if macaddress == nil { macaddress = firstMAC(interface) }
        }
        return (ipaddress, macaddress, ip6address)
    }

    /// Addresses by scope (global, site, link, host/node), longest prefix, then value.
    static func sortedAddresses(_ addresses: [Address]) -> [Address] {
        let scopes = ["Global", "Site", "Link", "Host", "Node"]
        return addresses.sorted { a, b in
            let aScope = scopes.firstIndex(of: a.scope) ?? 9, bScope = scopes.firstIndex(of: b.scope) ?? 9
            if aScope != bScope { return aScope < bScope }
            if a.prefixLength != b.prefixLength { return a.prefixLength > b.prefixLength }
            return numeric(a.address).lexicographicallyPrecedes(numeric(b.address))
        }
    }

    static func prefix(of destination: String) -> Int {
        destination.split(separator: "/").dropFirst().first.flatMap { Int($0) } ?? 32
    }

    /// An address as bytes, for ordering and subnet checks (IPv4 or IPv6).
    static func numeric(_ address: String) -> [UInt8] {
        if address.contains(":") {
            func groups(_ text: Substring) -> [UInt16] { text.split(separator: ":").map { UInt16($0, radix: 16) ?? 0 } }
            let all: [UInt16]
            if let gap = address.firstRange(of: "::") {
                let head = groups(address[..<gap.lowerBound]), tail = groups(address[gap.upperBound...])
                all = head + Array(repeating: 0, count: max(0, 8 - head.count - tail.count)) + tail
            } else {
                all = groups(Substring(address))
            }
            return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
        return address.split(separator: ".").map { UInt8($0) ?? 0 }
    }

    /// Whether `network` (`A/N`; `default` holds everything) holds `address`.
    static func contains(_ network: String, _ address: String) -> Bool {
        if network == "default" { return true }
        let parts = network.split(separator: "/")
        let base = numeric(String(parts[0])), target = numeric(address)
        guard base.count == target.count else { return false }
        let bits = parts.count > 1 ? Int(parts[1]) ?? base.count * 8 : base.count * 8
        for bit in 0..<bits {
            let byte = bit / 8, mask = UInt8(0x80) >> UInt8(bit % 8)
            if base[byte] & mask != target[byte] & mask { return false }
        }
        return true
    }
}
