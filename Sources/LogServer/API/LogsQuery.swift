import LogClient
import LogText

/// One entry of FastAPI's 422 body (pydantic v2's error shape):
/// `{"type", "loc", "msg", "input", "ctx"?}`.
public struct ValidationIssue: Sendable, Equatable {
    public var type: String
    public var parameter: String
    public var message: String
    public var input: String
    /// `ctx`, as JSON text.
    public var context: String?

    var json: String {
        var fields = [("type", JSONText.string(type)), ("loc", JSONText.array([JSONText.string("query"), JSONText.string(parameter)])),
                      ("msg", JSONText.string(message)), ("input", JSONText.string(input))]
        if let context { fields.append(("ctx", context)) }
        return JSONText.object(fields)
    }
}

/// Every problem of a query, in parameter order.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var issues: [ValidationIssue]
}

/// `GET /api/deployments/{id}/logs`'s query as the plan declares it:
/// `limit: int = Query(100, le=1000)` (and at least 1, as the issue asks) and
/// `stream: Optional[str] = Query(None, regex="^(stdout|stderr)$")`, with FastAPI's errors.
public struct LogsQuery: Sendable, Equatable {
    public static let defaultLimit = 100
    public static let limits = 1...LogRepository.retainedLines
    public static let streamPattern = "^(stdout|stderr)$"

    public var limit: Int
    public var stream: LogStream?

    public init(limit: Int = LogsQuery.defaultLimit, stream: LogStream? = nil) {
        self.limit = limit
        self.stream = stream
    }

    /// Reads the raw parameters (`nil` when absent); every problem is reported, as FastAPI does.
    public static func parse(limit: String?, stream: String?) -> Result<LogsQuery, ValidationFailure> {
        var issues: [ValidationIssue] = []
        var value = defaultLimit
        if let limit {
            if let number = Self.pythonInt(limit) {
                if number < limits.lowerBound {
                    issues.append(ValidationIssue(type: "greater_than_equal", parameter: "limit",
                                                  message: "Input should be greater than or equal to \(limits.lowerBound)",
                                                  input: limit, context: JSONText.object([("ge", "\(limits.lowerBound)")])))
                } else if number > limits.upperBound {
                    issues.append(ValidationIssue(type: "less_than_equal", parameter: "limit",
                                                  message: "Input should be less than or equal to \(limits.upperBound)",
                                                  input: limit, context: JSONText.object([("le", "\(limits.upperBound)")])))
                } else {
                    value = number
                }
            } else {
                issues.append(ValidationIssue(type: "int_parsing", parameter: "limit",
                                              message: "Input should be a valid integer, unable to parse string as an integer",
                                              input: limit))
            }
        }
        var chosen: LogStream?
        if let stream {
            if let parsed = LogStream(rawValue: stream) {
                chosen = parsed
            } else {
                issues.append(ValidationIssue(type: "string_pattern_mismatch", parameter: "stream",
                                              message: "String should match pattern '\(streamPattern)'", input: stream,
                                              context: JSONText.object([("pattern", JSONText.string(streamPattern))])))
            }
        }
        return issues.isEmpty ? .success(LogsQuery(limit: value, stream: chosen)) : .failure(ValidationFailure(issues: issues))
    }

    /// An integer as pydantic reads one from a query string: surrounding whitespace, a sign and
    /// `_` between digits allowed; anything else (`1.5`, `abc`, empty) is not one.
    static func pythonInt(_ text: String) -> Int? {
        let trimmed = text.trimmingASCIIWhitespace()
        var digits = Substring(trimmed)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits.removeFirst()
        }
        guard let first = digits.first, let last = digits.last, first.isASCII, first.isNumber, last.isASCII, last.isNumber,
              !digits.contains("__") else { return nil }
        let plain = digits.filter { $0 != "_" }
        guard plain.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let magnitude = Int(plain) else { return negative ? Int.min : Int.max }   // out of range: still a number
        return negative ? -magnitude : magnitude
    }
}
