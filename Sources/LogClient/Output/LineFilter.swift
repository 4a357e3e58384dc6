/// Which lines to show: by text, `--include` / `--exclude` (regular expressions, as stern
/// and grep take them) and the viewer's `&` (as less's); and by time, `--since` / `--until`.
/// A pattern with no capital letter matches regardless of case, like the viewer's search.
/// The patterns are checked when the filter is made; ``matcher()`` compiles them for a pass
/// over lines.
public struct LineFilter: Sendable, Equatable {
    /// The pattern a line must match, when given.
    public let include: String?
    /// The pattern a line must not match, when given.
    public let exclude: String?
    /// The first moment shown, when given.
    public var since: LogTimestamp?
    /// The last moment shown, when given.
    public var until: LogTimestamp?

    /// A filter that lets everything through.
    public static let none = LineFilter(checkedInclude: nil, exclude: nil, since: nil, until: nil)

    /// A filter from two patterns (empty means none) and a time window; `nil` when a pattern
    /// is not a valid regular expression (the caller names it).
    public init?(include: String?, exclude: String?, since: LogTimestamp? = nil, until: LogTimestamp? = nil) {
        let include = include.flatMap { $0.isEmpty ? nil : $0 }, exclude = exclude.flatMap { $0.isEmpty ? nil : $0 }
        do {
            _ = try LineMatcher.compile(include)
            _ = try LineMatcher.compile(exclude)
        } catch {
            return nil
        }
        self.init(checkedInclude: include, exclude: exclude, since: since, until: until)
    }

    private init(checkedInclude include: String?, exclude: String?, since: LogTimestamp?, until: LogTimestamp?) {
        self.include = include
        self.exclude = exclude
        self.since = since
        self.until = until
    }

    /// Whether the filter lets everything through.
    public var isEmpty: Bool { include == nil && exclude == nil && since == nil && until == nil }

    /// The `--include` pattern as bytes, when it is plain text a raw line must hold as it is
    /// (letters, digits and punctuation that neither a regular expression nor JSON escaping
    /// changes), lower-cased when it matches regardless of case: a quick test that lets a
    /// reader skip lines without decoding them. `nil` for any other pattern.
    public var literalInclude: (bytes: [UInt8], ignoresCase: Bool)? {
        guard let include, include.unicodeScalars.allSatisfy({ $0.isASCII && (Self.literalPunctuation.contains($0)
                  || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)) }) else { return nil }
        let ignoresCase = !include.contains(where: \.isUppercase)
        return (Array((ignoresCase ? include.lowercased() : include).utf8), ignoresCase)
    }

    private static let literalPunctuation: Set<Unicode.Scalar> = [" ", "_", "-", ":", ";", ",", "=", "@", "#", "%", "&", "'", "!", "<", ">", "~"]

    /// Whether it picks lines by time.
    public var hasTimeWindow: Bool { since != nil || until != nil }

    /// The same time window with other patterns (the viewer's `&`).
    public func with(include: String?) -> LineFilter? {
        LineFilter(include: include, exclude: exclude, since: since, until: until)
    }

    /// The compiled filter, for one pass over lines.
    public func matcher() -> LineMatcher {
        LineMatcher(include: try? LineMatcher.compile(include), exclude: try? LineMatcher.compile(exclude),
                    since: since, until: until)
    }
}

/// A ``LineFilter`` compiled: not `Sendable` (a `Regex` is not), so made where it is used.
public struct LineMatcher {
    private let include: Regex<AnyRegexOutput>?
    private let exclude: Regex<AnyRegexOutput>?
    private let since: LogTimestamp?
    private let until: LogTimestamp?

    fileprivate init(include: Regex<AnyRegexOutput>??, exclude: Regex<AnyRegexOutput>??, since: LogTimestamp?,
                     until: LogTimestamp?) {
        self.include = include ?? nil
        self.exclude = exclude ?? nil
        self.since = since
        self.until = until
    }

    /// Whether a line is shown: inside the time window, matching `include` (when given) and
    /// not `exclude`. A gap marker is shown only when nothing is filtered out.
    public func admits(_ item: CachedItem) -> Bool {
        guard let entry = item.entry else { return include == nil && exclude == nil && since == nil && until == nil }
        if let since, entry.timestamp < since { return false }
        if let until, entry.timestamp > until { return false }
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

extension LogTimestamp {
    /// A moment as `--since` and `--until` take it: RFC 3339, or a duration back from `now`
    /// (`30s`, `10m`, `2h`, `1d`, as kubectl's `--since`); `nil` when it is neither.
    public init?(moment text: String, now: LogTimestamp) {
        if let exact = LogTimestamp(parsing: text) {
            self = exact
            return
        }
        guard let seconds = DurationText.seconds(in: text, plainNumbers: false) else { return nil }
        self = now.advanced(byNanoseconds: -Int64(min(seconds * 1e9, 9e18)))
    }
}

/// Durations as people write them on a command line: `30s`, `10m`, `2h`, `1d`.
public enum DurationText {
    /// The seconds `text` stands for; with `plainNumbers`, a bare number counts as seconds.
    public static func seconds(in text: String, plainNumbers: Bool = true) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if plainNumbers, let seconds = Double(text), seconds >= 0 { return seconds }
        guard let unit = text.last.flatMap({ units[$0] }), let count = Double(text.dropLast()), count >= 0 else { return nil }
        return count * unit
    }
}
