import SousChefServer
import SousLanguage
import SousSupport

/// A chef-repo as knife's ChefFS sees it (chef/chef `chef_fs`): `roles/`, `environments/`,
/// `nodes/` as `NAME.json` or `NAME.rb` (the Ruby DSL, which wins), `clients/NAME.json`,
/// `data_bags/BAG/ITEM.json`, and `cookbooks/NAME/`.
public struct ChefRepository {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// One object of the repo: its path as knife prints it (`roles/web.json`) and the JSON
    /// the server would hold, with Chef's defaults filled in.
    public struct Entry {
        public let path: String
        public let name: String
        public let object: JSON
    }

    /// The objects of `kind` (`roles`, `environments`, `nodes`, `clients`), by name.
    public func objects(_ kind: ChefObjectKind, interpreter: Interpreter) throws -> [Entry] {
        let folder = "\(root)/\(kind.rawValue)"
        guard FileSystem.kind(folder) == .directory else { return [] }
        var byName: [String: String] = [:]
        for file in try FileSystem.list(folder).sorted() where !file.hasPrefix(".") {
            if file.hasSuffix(".rb") { byName[String(file.dropLast(3))] = file }
            if file.hasSuffix(".json"), byName[String(file.dropLast(5))] == nil { byName[String(file.dropLast(5))] = file }
        }
        return try byName.keys.sorted().map { name in
            let file = byName[name]!
            let path = "\(folder)/\(file)"
            var object = try Self.readObjectFile(path, kind: kind, interpreter: interpreter)
            let stated = object["name"]?.stringValue ?? ""
            guard stated == name else {
                throw ChefRepositoryError.invalidFile(path: path, reason: "Name must be '\(name)' (is '\(stated)')")
            }
            object = Self.withDefaults(object, kind: kind)
            return Entry(path: "\(kind.rawValue)/\(file)", name: name, object: object)
        }
    }

    /// One object's file: JSON, or (for a role or an environment, `.rb`) Chef's Ruby DSL.
    public static func readObjectFile(_ path: String, kind: ChefObjectKind, interpreter: Interpreter) throws -> JSON {
        if path.hasSuffix(".rb") { return try RepositoryDSL.evaluate(path, kind: kind, interpreter: interpreter) }
        do {
            return try JSON.parse(bytes: try FileSystem.read(path))
        } catch let error as JSONSyntaxError {
            throw ChefRepositoryError.invalidFile(path: path, reason: "\(error)")
        }
    }

    /// The data bags: each bag's items by id (`data_bags/BAG/ITEM.json`).
    public func dataBags() throws -> [(bag: String, items: [Entry])] {
        let folder = "\(root)/data_bags"
        guard FileSystem.kind(folder) == .directory else { return [] }
        return try FileSystem.list(folder).sorted().filter { !$0.hasPrefix(".") && FileSystem.kind("\(folder)/\($0)") == .directory }.map { bag in
            let items = try FileSystem.list("\(folder)/\(bag)").sorted().filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { file in
                let path = "\(folder)/\(bag)/\(file)"
                let item: JSON
                do {
                    item = try JSON.parse(bytes: try FileSystem.read(path))
                } catch let error as JSONSyntaxError {
                    throw ChefRepositoryError.invalidFile(path: path, reason: "\(error)")
                }
                let id = String(file.dropLast(5))
                guard item["id"]?.stringValue == id else {
                    throw ChefRepositoryError.invalidFile(path: path, reason: "ID in \(path) must be '\(id)' (is '\(item["id"]?.stringValue ?? "")')")
                }
                return Entry(path: "data_bags/\(bag)/\(file)", name: id, object: item)
            }
            return (bag, items)
        }
    }

    /// The cookbook folders (`cookbooks/NAME/` with metadata).
    public func cookbookFolders() -> [String] {
        let folder = "\(root)/cookbooks"
        return ((try? FileSystem.list(folder)) ?? []).sorted().filter { name in
            !name.hasPrefix(".") && (FileSystem.kind("\(folder)/\(name)/metadata.rb") == .file || FileSystem.kind("\(folder)/\(name)/metadata.json") == .file)
        }.map { "\(folder)/\($0)" }
    }

    /// Chef's defaults for an object of `kind`, under what the file says.
    public static func withDefaults(_ object: JSON, kind: ChefObjectKind) -> JSON {
        let defaults: [(String, JSON)]
        switch kind {
        case .role:
            defaults = [("description", .string("")), ("json_class", .string("Chef::Role")), ("chef_type", .string("role")),
                        ("default_attributes", .object([])), ("override_attributes", .object([])), ("run_list", .array([])),
                        ("env_run_lists", .object([]))]
        case .environment:
            defaults = [("description", .string("")), ("cookbook_versions", .object([])), ("default_attributes", .object([])),
                        ("override_attributes", .object([])), ("json_class", .string("Chef::Environment")), ("chef_type", .string("environment"))]
        case .node:
            defaults = [("json_class", .string("Chef::Node")), ("chef_type", .string("node")), ("chef_environment", .string("_default")),
                        ("override", .object([])), ("normal", .object([])), ("default", .object([])), ("automatic", .object([])),
                        ("run_list", .array([]))]
        case .client:
            defaults = [("json_class", .string("Chef::ApiClient")), ("chef_type", .string("client")), ("admin", .bool(false)),
                        ("validator", .bool(false))]
        }
        var result = object
        for (key, value) in defaults where object[key] == nil { result = result.setting(key, to: value) }
        return result
    }
}

/// Roles and environments written in Chef's Ruby DSL (chef/chef `role.rb`, `environment.rb`):
/// the file evaluated on a fresh object, then its `to_h`.
enum RepositoryDSL {
    static func evaluate(_ path: String, kind: ChefObjectKind, interpreter: Interpreter) throws -> JSON {
        guard kind == .role || kind == .environment else {
            throw ChefRepositoryError.invalidFile(path: path, reason: "only roles and environments may be written in Ruby")
        }
        if interpreter.constant(path: "SousRepository::RoleFile") == nil {
            try interpreter.run(SourceFile(path: "<internal:chef/role_and_environment_dsl>", text: source))
        }
        guard let cls = interpreter.constant(path: kind == .role ? "SousRepository::RoleFile" : "SousRepository::EnvironmentFile") else {
            preconditionFailure("the repository DSL is missing after installing it")
        }
        let object = try interpreter.callMethod(cls, "new", Args())
        try interpreter.load(path: path, selfValue: object)
        return try interpreter.jsonValue(of: try interpreter.callMethod(object, "to_h", Args()))
    }

    static let source = #"""
module SousRepository
  # What roles and environments both have.
  module Common
    def name(value = nil)
      value.nil? ? @name : (@name = value.to_s)
    end

    def description(value = nil)
      value.nil? ? @description : (@description = value.to_s)
    end

    def default_attributes(value = nil)
      value.nil? ? @default_attributes : (@default_attributes = value)
    end

    def override_attributes(value = nil)
      value.nil? ? @override_attributes : (@override_attributes = value)
    end
  end

  class RoleFile
    include Common

    def initialize
      @name = ""
      @description = ""
      @run_list = []
      @env_run_lists = {}
      @default_attributes = {}
      @override_attributes = {}
    end

    def name(value = nil)
      return @name if value.nil?
      raise ArgumentError, "role name #{value.inspect} must be letters, digits, - and _" unless value.to_s.match?(/\A[-[:alnum:]_]+\z/)
      @name = value.to_s
    end

    def run_list(*items)
      return @run_list if items.empty?
      @run_list = items.flatten.map { |item| run_list_item(item) }
    end
    alias recipes run_list

    def env_run_lists(lists = nil)
      return @env_run_lists if lists.nil?
      raise ArgumentError, "env_run_lists must include _default" unless lists.key?("_default") || lists.key?(:_default)
      @env_run_lists = lists.to_h { |env, items| [env.to_s, Array(items).map { |item| run_list_item(item) }] }
    end
    alias env_run_list env_run_lists

    def env_run_lists_add(lists)
      lists.each { |env, items| @env_run_lists[env.to_s] = Array(items).map { |item| run_list_item(item) } }
    end
    alias env_run_list_add env_run_lists_add

    def run_list_item(item)
      text = item.to_s
      text.start_with?("recipe[", "role[") ? text : "recipe[#{text}]"
    end

    def to_h
      { "name" => @name, "description" => @description, "json_class" => "Chef::Role", "chef_type" => "role",
        "default_attributes" => @default_attributes, "override_attributes" => @override_attributes,
        "run_list" => @run_list, "env_run_lists" => @env_run_lists.reject { |env, _| env == "_default" } }
    end
  end

  class EnvironmentFile
    include Common

    def initialize
      @name = ""
      @description = ""
      @cookbook_versions = {}
      @default_attributes = {}
      @override_attributes = {}
    end

    def cookbook_versions(versions = nil)
      return @cookbook_versions if versions.nil?
      versions.each { |cookbook, constraint| cookbook(cookbook, constraint) }
    end

    def cookbook(name, constraint)
      text = constraint.to_s.strip
      unless text.match?(/\A(=|>=|<=|>|<|~>) \d+(\.\d+){1,2}\z/) || text.match?(/\A\d+(\.\d+){1,2}\z/)
        raise ArgumentError, "#{constraint.inspect} is not a valid version constraint for cookbook #{name} (like '= 1.2.0', '~> 2.1')"
      end
      @cookbook_versions[name.to_s] = text
    end

    def to_h
      { "name" => @name, "description" => @description, "cookbook_versions" => @cookbook_versions,
        "default_attributes" => @default_attributes, "override_attributes" => @override_attributes,
        "json_class" => "Chef::Environment", "chef_type" => "environment" }
    end
  end
end
"""#
}

/// A repo file knife would refuse: which file, and why.
public enum ChefRepositoryError: UserFacingError {
    case invalidFile(path: String, reason: String)
    case downloadMismatch(path: String, checksum: String)

    public var description: String {
        switch self {
        case .invalidFile(let path, let reason): return "\(path): \(reason)"
        case .downloadMismatch(let path, let checksum):
            return "\(path) does not match its checksum \(checksum) after download (the file on disk is unchanged); run again"
        }
    }
}
