/// An instant in UTC with nanosecond precision.
///
/// The backend's timestamps carry microseconds and Fly's carry nanoseconds; a `Double`
/// cannot hold either exactly, and merging lines by `(timestamp, stream, message)` needs
/// exact equality, so the instant is kept as whole nanoseconds since the Unix epoch.
public struct LogTimestamp: Hashable, Comparable, Sendable {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public let nanosecondsSinceEpoch: Int64

    /// Creates the instant `nanosecondsSinceEpoch` nanoseconds after the Unix epoch.
    public init(nanosecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    /// Creates the instant from whole seconds and a nanosecond part; an instant beyond what
    /// ``nanosecondsSinceEpoch`` can hold (before 1677 or after 2262) becomes the nearest one it can.
    public init(secondsSinceEpoch: Int64, nanoseconds: Int64 = 0) {
        self = LogTimestamp(exactlySecondsSinceEpoch: secondsSinceEpoch, nanoseconds: nanoseconds)
            ?? LogTimestamp(nanosecondsSinceEpoch: secondsSinceEpoch < 0 ? .min : .max)
    }

    /// Creates the instant from whole seconds and a nanosecond part, or `nil` when it lies
    /// beyond what ``nanosecondsSinceEpoch`` can hold (before 1677 or after 2262).
    public init?(exactlySecondsSinceEpoch seconds: Int64, nanoseconds: Int64 = 0) {
        let (scaled, overflowed) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, sumOverflowed) = scaled.addingReportingOverflow(nanoseconds)
        guard !overflowed, !sumOverflowed else { return nil }
        nanosecondsSinceEpoch = sum
    }

    /// This instant moved by `nanoseconds` (back when negative), held at the ends of the range
    /// rather than overflowing.
    public func advanced(byNanoseconds nanoseconds: Int64) -> LogTimestamp {
        let (sum, overflowed) = nanosecondsSinceEpoch.addingReportingOverflow(nanoseconds)
        guard overflowed else { return LogTimestamp(nanosecondsSinceEpoch: sum) }
        return LogTimestamp(nanosecondsSinceEpoch: nanoseconds < 0 ? .min : .max)
    }

    /// Whole seconds since the epoch, rounded towards negative infinity.
    public var secondsSinceEpoch: Int64 {
        nanosecondsSinceEpoch.floorDivided(by: 1_000_000_000)
    }

    /// The nanoseconds within the current second, always in `0..<1_000_000_000`.
    public var nanosecondOfSecond: Int64 {
        nanosecondsSinceEpoch - secondsSinceEpoch * 1_000_000_000
    }

    public static func < (lhs: LogTimestamp, rhs: LogTimestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }
}

extension Int64 {
    /// Division that rounds towards negative infinity (so times before 1970 work too).
    public func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}

// MARK: - Civil calendar arithmetic (proleptic Gregorian, UTC)

/// A calendar date and time of day in UTC, the fields an RFC 3339 string is made of.
struct CivilDateTime: Equatable {
    var year: Int64, month: Int64, day: Int64
    var hour: Int64, minute: Int64, second: Int64

    /// Days since 1970-01-01 of a calendar date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date and time of day of a count of seconds since the epoch.
    init(secondsSinceEpoch: Int64) {
        let days = secondsSinceEpoch.floorDivided(by: 86_400)
        let secondOfDay = secondsSinceEpoch - days * 86_400
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
    }

    init(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }

    /// Seconds since the epoch of this date and time.
    var secondsSinceEpoch: Int64 {
        Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second
    }
}
