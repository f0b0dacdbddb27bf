import SousLanguage
import SousSupport

/// A cookbook folder: `metadata.rb`, `attributes/`, `libraries/`, `recipes/`,
/// `templates/`, `files/`.
public struct Cookbook {
    public let name: String
    public let version: String
    public let path: String
    /// `depends` from metadata.rb, in the order written.
    public let dependencies: [String]

    public func recipePath(_ recipe: String) -> String { "\(path)/recipes/\(recipe).rb" }

    /// Files of one segment (`attributes`, `libraries`) in Chef's load order:
    /// alphabetical, with `first` (default.rb for attributes) ahead of the rest.
    func rubyFiles(in segment: String, first: String? = nil) -> [String] {
        let folder = "\(path)/\(segment)"
        guard FileSystem.kind(folder) == .directory, let names = try? FileSystem.list(folder) else { return [] }
        var files = names.filter { $0.hasSuffix(".rb") }.sorted()
        if let first, let index = files.firstIndex(of: first) {
            files.remove(at: index)
            files.insert(first, at: 0)
        }
        return files.map { "\(folder)/\($0)" }
    }

    /// Finds a template or cookbook file the way Chef does: the most specific of
    /// `host-FQDN/`, `PLATFORM-VERSION/`, `PLATFORM/`, `default/`, then the segment itself.
    func findFile(_ name: String, in segment: String, specificFolders: [String]) -> String? {
        for folder in specificFolders + ["default", ""] {
            let candidate = folder.isEmpty ? "\(path)/\(segment)/\(name)" : "\(path)/\(segment)/\(folder)/\(name)"
            if FileSystem.kind(candidate) == .file { return candidate }
        }
        return nil
    }
}

/// The cookbooks on a cookbook path (`--cookbook-path`, knife's `cookbook_path`), read on
/// first use.
public final class CookbookCollection {
    public let paths: [String]
    private var known: [String: Cookbook] = [:]

    public init(paths: [String]) {
        self.paths = paths
    }

    /// The cookbook called `name`, with its metadata evaluated.
    public func cookbook(named name: String, interpreter: Interpreter) throws -> Cookbook {
        if let cookbook = known[name] { return cookbook }
        for root in paths {
            let folder = "\(root)/\(name)"
            guard FileSystem.kind(folder) == .directory else { continue }
            let cookbook = try readMetadata(folder: folder, fallbackName: name, interpreter: interpreter)
            known[name] = cookbook
            return cookbook
        }
        let searched = paths.isEmpty ? "no cookbook path is set (give --cookbook-path DIR)" : "looked in \(paths.joined(separator: ", "))"
        throw CookbookError.notFound(name: name, detail: searched)
    }

    private func readMetadata(folder: String, fallbackName: String, interpreter: Interpreter) throws -> Cookbook {
        let metadataPath = "\(folder)/metadata.rb"
        guard FileSystem.kind(metadataPath) == .file else {
            return Cookbook(name: fallbackName, version: "0.0.0", path: folder, dependencies: [])
        }
        try MetadataDSL.install(into: interpreter)
        guard let metadataClass = interpreter.constant(path: "Chef::Cookbook::Metadata") else {
            preconditionFailure("Chef::Cookbook::Metadata is missing after installing it")
        }
        let metadata = try interpreter.callMethod(metadataClass, "new", Args())
        try interpreter.load(path: metadataPath, selfValue: metadata)
        let name = try interpreter.toS(try interpreter.callMethod(metadata, "name", Args()))
        let version = try interpreter.toS(try interpreter.callMethod(metadata, "version", Args()))
        let dependencies = try interpreter.callMethod(metadata, "dependencies", Args()).asHash?.keyList
            .map { try interpreter.toS($0) } ?? []
        return Cookbook(name: name.isEmpty ? fallbackName : name, version: version, path: folder, dependencies: dependencies)
    }
}

public enum CookbookError: Error, CustomStringConvertible {
    case notFound(name: String, detail: String)
    case recipeNotFound(cookbook: String, recipe: String, path: String)

    public var description: String {
        switch self {
        case .notFound(let name, let detail):
            return "cookbook \(name) not found: \(detail)"
        case .recipeNotFound(let cookbook, let recipe, let path):
            return "could not find recipe \(recipe) for cookbook \(cookbook) (no \(path))"
        }
    }
}

/// The methods metadata.rb calls, on `Chef::Cookbook::Metadata`.
enum MetadataDSL {
    static func install(into interpreter: Interpreter) throws {
        guard interpreter.constant(path: "Chef::Cookbook::Metadata") == nil else { return }
        try interpreter.run(SourceFile(path: "<internal:chef/cookbook/metadata>", text: source))
    }

    static let source = #"""
class Chef
  class Cookbook
    class Metadata
      attr_reader :dependencies, :platforms, :recipes

      def initialize
        @name = nil
        @version = "0.0.0"
        @dependencies = {}
        @platforms = {}
        @recipes = {}
        @fields = {}
      end

      def name(value = nil)
        @name = value.to_s unless value.nil?
        @name
      end

      def version(value = nil)
        unless value.nil?
          raise ArgumentError, "'#{value}' is not a valid version (expected x.y or x.y.z)" unless value.to_s.match?(/\A\d+(\.\d+){1,2}\z/)
          @version = value.to_s
        end
        @version
      end

      %w[maintainer maintainer_email license description long_description source_url issues_url
         chef_version ohai_version privacy].each do |field|
        define_method(field) do |*values|
          @fields[field] = values.size == 1 ? values.first : values unless values.empty?
          @fields[field]
        end
      end

      def depends(cookbook, *constraints)
        @dependencies[cookbook.to_s] = constraints.empty? ? ">= 0.0.0" : constraints.join(", ")
      end

      def supports(platform, *constraints)
        @platforms[platform.to_s] = constraints.empty? ? ">= 0.0.0" : constraints.join(", ")
      end

      def recipe(name, description = "")
        @recipes[name.to_s] = description
      end

      def provides(*) = nil
      def gem(*) = nil
      def eager_load_libraries(*) = nil
    end
  end
end
"""#
}
