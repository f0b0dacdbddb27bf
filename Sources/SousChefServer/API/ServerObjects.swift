import SousSupport

/// The kinds of named objects a Chef server keeps, each under its own path.
public enum ChefObjectKind: String, CaseIterable, Sendable {
    case node = "nodes"
    case client = "clients"
    case role = "roles"
    case environment = "environments"

    /// What knife calls one of them.
    public var singular: String {
        switch self {
        case .node: return "node"
        case .client: return "client"
        case .role: return "role"
        case .environment: return "environment"
        }
    }
}

/// The server API for nodes, clients, roles, environments, data bags and search, in the
/// shapes knife and chef-client send and read.
extension ChefServerClient {
    // MARK: Named objects

    /// The names of every object of a kind, sorted.
    /// The JSON at `path`, or nil when the server answers 404.
    public func optional(_ path: String) throws -> JSON? {
        do {
            return try get(path)
        } catch let error as ChefServerError where error.isNotFound {
            return nil
        }
    }

    public func list(_ kind: ChefObjectKind) throws -> [String] {
        names(in: try get(kind.rawValue))
    }

    /// One object, or nil when the server has none of that name.
    public func fetch(_ kind: ChefObjectKind, _ name: String) throws -> JSON? {
        do {
            return try get("\(kind.rawValue)/\(Self.escape(name))")
        } catch let error as ChefServerError where error.isNotFound {
            return nil
        }
    }

    /// Saves an object as chef-client saves its node: PUT, and POST when it does not exist.
    public func save(_ kind: ChefObjectKind, _ name: String, _ object: JSON) throws {
        do {
            try put("\(kind.rawValue)/\(Self.escape(name))", object)
        } catch let error as ChefServerError where error.isNotFound {
            try post(kind.rawValue, object)
        }
    }

    /// Creates an object as knife's `from file` does: POST, and PUT when it exists.
    public func create(_ kind: ChefObjectKind, _ name: String, _ object: JSON) throws {
        do {
            try post(kind.rawValue, object)
        } catch let error as ChefServerError where error.isConflict {
            try put("\(kind.rawValue)/\(Self.escape(name))", object)
        }
    }

    /// Deletes an object; false when there was none.
    @discardableResult
    public func remove(_ kind: ChefObjectKind, _ name: String) throws -> Bool {
        do {
            try delete("\(kind.rawValue)/\(Self.escape(name))")
            return true
        } catch let error as ChefServerError where error.isNotFound {
            return false
        }
    }

    // MARK: Clients

    /// A new client. With `publicKey` the server stores that key; without, the server makes
    /// a key pair and the private half comes back (in API v0's flat shape or v1's
    /// `chef_key`; both are read).
    public func createClient(name: String, publicKey: String?, admin: Bool = false, validator: Bool = false) throws -> (object: JSON, privateKey: String?) {
        var body: [(String, JSON)] = [("name", .string(name)), ("clientname", .string(name)), ("admin", .bool(admin)),
                                      ("validator", .bool(validator))]
        if let publicKey { body.append(("public_key", .string(publicKey))) } else { body.append(("create_key", .bool(true))) }
        let answer = try post(ChefObjectKind.client.rawValue, .object(body))
        let privateKey = answer["private_key"]?.stringValue ?? answer.dig("chef_key", "private_key")?.stringValue
        return (answer, privateKey)
    }

    // MARK: Data bags

    public func dataBags() throws -> [String] {
        names(in: try get("data"))
    }

    /// The item ids of a bag; nil when the bag does not exist.
    public func dataBagItems(_ bag: String) throws -> [String]? {
        do {
            return names(in: try get("data/\(Self.escape(bag))"))
        } catch let error as ChefServerError where error.isNotFound {
            return nil
        }
    }

    /// Makes a bag; false when it already existed.
    @discardableResult
    public func createDataBag(_ bag: String) throws -> Bool {
        do {
            try post("data", .object([("name", .string(bag))]))
            return true
        } catch let error as ChefServerError where error.isConflict {
            return false
        }
    }

    /// An item's raw data (with its `id`), or nil.
    public func dataBagItem(_ bag: String, _ id: String) throws -> JSON? {
        do {
            return try get("data/\(Self.escape(bag))/\(Self.escape(id))")
        } catch let error as ChefServerError where error.isNotFound {
            return nil
        }
    }

    /// Saves an item's raw data (it must have an `id`): PUT, and POST when it is new.
    public func saveDataBagItem(_ bag: String, _ item: JSON) throws {
        guard let id = item["id"]?.stringValue else {
            throw ChefServerError(method: "PUT", url: url(for: "data/\(bag)"), status: nil,
                                  serverMessage: "a data bag item needs a string \"id\"", hint: nil)
        }
        do {
            try put("data/\(Self.escape(bag))/\(Self.escape(id))", item)
        } catch let error as ChefServerError where error.isNotFound {
            try post("data/\(Self.escape(bag))", item)
        }
    }

    // MARK: Search

    /// Every row matching `query` in an index (`node`, `client`, `role`, `environment` or a
    /// data bag), fetched a page of `pageSize` at a time.
    public func search(_ index: String, query: String, pageSize: Int = 1000) throws -> [JSON] {
        var rows: [JSON] = []
        var start = 0
        // Bounded: at most 10,000 pages.
        for _ in 0..<10_000 {
            let page = try get("search/\(Self.escape(index))?q=\(Self.escape(query))&start=\(start)&rows=\(pageSize)")
            let found = page["rows"]?.arrayValue ?? []
            rows += found
            start += found.count
            // A short page is the last. `total` ends it early where it is the number of
            // matches (Chef Infra Server); goiardi reports the rows of this page instead.
            let total = page["total"]?.intValue ?? start
            if found.count < pageSize || (start >= total && total > found.count) { break }
        }
        return rows
    }

    /// The names of a `{"name": "url", ...}` listing, sorted.
    func names(in listing: JSON) -> [String] {
        (listing.objectValue ?? []).map(\.0).sorted()
    }
}
