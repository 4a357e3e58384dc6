import LogText

/// Which deployment a line came from, when the lines of several are shown together
/// (`catwalk-logs ID1 ID2`, `--all`): what the key column, the colour and `--json` say.
public struct DeploymentTag: Hashable, Sendable {
    /// The deployment's id (or, for a Fly machine with no deployment, the machine's id).
    public var id: String
    /// Its name as the backend lists it (or the Fly machine's name), when known.
    public var name: String?
    /// The short key shown on every line: the name, or the id's first 8 characters.
    public var key: String
    /// The key's colour.
    public var color: KeyColor

    /// Creates a tag.
    public init(id: String, name: String?, key: String, color: KeyColor) {
        self.id = id
        self.name = name
        self.key = key
        self.color = color
    }

    /// The characters of an id a key keeps when there is no name to show.
    public static let idPrefixLength = 8

    /// Tags for deployments shown together, in the order given: each keyed by its name when
    /// it has one that no other of them shares, else by its id's first 8 characters (as git
    /// abbreviates commits); coloured from the palette in order, so that up to ten differ.
    public static func tags(for deployments: [(id: String, name: String?)]) -> [DeploymentTag] {
        let names = deployments.compactMap { $0.name.flatMap { $0.isEmpty ? nil : $0 } }
        let shared = Set(names.filter { name in names.count { $0 == name } > 1 })
        return deployments.enumerated().map { index, deployment in
            let name = deployment.name.flatMap { $0.isEmpty ? nil : $0 }
            let key = name.flatMap { shared.contains($0) ? nil : $0 } ?? String(deployment.id.prefix(idPrefixLength))
            return DeploymentTag(id: deployment.id, name: name, key: TerminalSanitizer.sanitize(key),
                                 color: KeyColor.at(index))
        }
    }
}

extension CachedItem {
    /// The item with its line marked as `tag`'s (a gap stays a gap).
    public func tagged(_ tag: DeploymentTag) -> CachedItem {
        guard case .line(var entry) = self else { return self }
        entry.deployment = tag
        return .line(entry)
    }
}
