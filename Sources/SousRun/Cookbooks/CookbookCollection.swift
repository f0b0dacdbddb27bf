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

      # One constraint per dependency, kept as Chef keeps it: "OP VERSION" with one space
      # (a bare version means "="), as Chef::VersionConstraint normalizes it.
      def depends(cookbook, *constraints)
        if constraints.size > 1
          raise ArgumentError, "Multiple version constraints for cookbook #{cookbook} are not supported"
        end
        @dependencies[cookbook.to_s] = constraints.empty? ? ">= 0.0.0" : normalized_constraint(cookbook, constraints.first)
      end

      def normalized_constraint(cookbook, constraint)
        text = constraint.to_s.strip
        if (match = text.match(/\A(~>|>=|<=|=|>|<)\s*(\d+(?:\.\d+){0,2})\z/))
          "#{match[1]} #{match[2]}"
        elsif text.match?(/\A\d+(?:\.\d+){0,2}\z/)
          "= #{text}"
        else
          raise ArgumentError, "'#{constraint}' is not a valid version constraint for #{cookbook} (like '>= 1.0', '~> 2.1', '= 1.2.3')"
        end
      end

      def supports(platform, *constraints)
        @platforms[platform.to_s] = constraints.empty? ? ">= 0.0.0" : constraints.join(", ")
      end

      def recipe(name, description = "")
        @recipes[name.to_s] = description
      end

      # What Chef sends to the server for this metadata (Chef::Cookbook::Metadata#to_h).
      def to_h
        {
          "name" => @name, "description" => @fields["description"] || "",
          "long_description" => @fields["long_description"] || "", "maintainer" => @fields["maintainer"] || "",
          "maintainer_email" => @fields["maintainer_email"] || "", "license" => @fields["license"] || "All rights reserved",
          "platforms" => @platforms, "dependencies" => @dependencies, "providing" => {}, "recipes" => @recipes,
          "version" => @version, "source_url" => @fields["source_url"] || "", "issues_url" => @fields["issues_url"] || "",
          "privacy" => @fields["privacy"] || false, "chef_versions" => [], "ohai_versions" => [], "gems" => [],
          "eager_load_libraries" => true
        }
      end

      def provides(*) = nil
      def gem(*) = nil
      def eager_load_libraries(*) = nil
    end
  end
end
"""#
}
