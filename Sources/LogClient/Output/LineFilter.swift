/// Which lines to show by their text: `--include` / `--exclude` (regular expressions, as
/// stern and grep take them) and the viewer's `&` (as less's). A pattern with no capital
/// letter matches regardless of case, like the viewer's search. The patterns are checked
/// when the filter is made; ``matcher()`` compiles them for a pass over lines.
public struct LineFilter: Sendable, Equatable {
    /// The pattern a line must match, when given.
    public let include: String?
    /// The pattern a line must not match, when given.
    public let exclude: String?

    /// A filter that lets everything through.
    public static let none = LineFilter(checkedInclude: nil, exclude: nil)

    /// A filter from two patterns (empty means none); `nil` when one is not a valid regular
    /// expression (the caller names it).
    public init?(include: String?, exclude: String?) {
        let include = include.flatMap { $0.isEmpty ? nil : $0 }, exclude = exclude.flatMap { $0.isEmpty ? nil : $0 }
        do {
            _ = try LineMatcher.compile(include)
            _ = try LineMatcher.compile(exclude)
        } catch {
            return nil
        }
        self.init(checkedInclude: include, exclude: exclude)
    }

    private init(checkedInclude include: String?, exclude: String?) {
        self.include = include
        self.exclude = exclude
    }

    /// Whether the filter lets everything through.
    public var isEmpty: Bool { include == nil && exclude == nil }

    /// The compiled filter, for one pass over lines.
    public func matcher() -> LineMatcher {
        LineMatcher(include: try? LineMatcher.compile(include), exclude: try? LineMatcher.compile(exclude), isEmpty: isEmpty)
    }
}

/// A ``LineFilter`` compiled: not `Sendable` (a `Regex` is not), so made where it is used.
public struct LineMatcher {
    private let include: Regex<AnyRegexOutput>?
    private let exclude: Regex<AnyRegexOutput>?
    private let isEmpty: Bool

    fileprivate init(include: Regex<AnyRegexOutput>??, exclude: Regex<AnyRegexOutput>??, isEmpty: Bool) {
        self.include = include ?? nil
        self.exclude = exclude ?? nil
        self.isEmpty = isEmpty
    }

    /// Whether a line is shown: it matches `include` (when given) and not `exclude`. A gap
    /// marker is shown only when nothing is filtered out by text.
    public func admits(_ item: CachedItem) -> Bool {
        guard let entry = item.entry else { return isEmpty }
        if let include, !entry.message.contains(include) { return false }
        if let exclude, entry.message.contains(exclude) { return false }
        return true
    }

    fileprivate static func compile(_ pattern: String?) throws -> Regex<AnyRegexOutput>? {
        guard let pattern else { return nil }
        let regex = try Regex(pattern)
        return pattern.contains(where: \.isUppercase) ? regex : regex.ignoresCase()
    }
}
