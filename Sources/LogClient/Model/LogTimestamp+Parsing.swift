extension LogTimestamp {
    /// Parses the timestamp forms the backend and Fly send.
    ///
    /// Accepts `YYYY-MM-DD[T or space]HH:MM:SS`, an optional fraction of 1 to 9 digits
    /// (more are truncated), and an optional offset: `Z`, `z`, `±HH:MM`, `±HHMM` or `±HH`.
    /// No offset means UTC (the backend's SQLite development database stores naive UTC).
    /// Returns `nil` for anything else, and for instants before 1677 or after 2262 (beyond
    /// nanoseconds in 64 bits).
    public init?(parsing text: Substring) {
        var scanner = DigitScanner(text.utf8)
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2),
              scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
              let hour = scanner.number(digits: 2), scanner.skip(":"),
              let minute = scanner.number(digits: 2), scanner.skip(":"),
              let second = scanner.number(digits: 2)
        else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }

        var nanoseconds: Int64 = 0
        if scanner.skip(".") || scanner.skip(",") {
            guard let fraction = scanner.fractionAsNanoseconds() else { return nil }
            nanoseconds = fraction
        }
        guard let offsetSeconds = scanner.utcOffsetSeconds(), scanner.isAtEnd else { return nil }

        let civil = CivilDateTime(year: year, month: month, day: day,
                                  hour: hour, minute: minute, second: second)
        self.init(exactlySecondsSinceEpoch: civil.secondsSinceEpoch - offsetSeconds, nanoseconds: nanoseconds)
    }

    /// Parses a timestamp held in a `String`; see ``init(parsing:)-(Substring)``.
    public init?(parsing text: String) {
        self.init(parsing: text[...])
    }
}

/// A forward-only reader of ASCII digits and punctuation over UTF-8 bytes.
private struct DigitScanner {
    private let bytes: Substring.UTF8View
    private var index: Substring.UTF8View.Index

    init(_ bytes: Substring.UTF8View) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var isAtEnd: Bool { index == bytes.endIndex }

    private var current: UInt8? { isAtEnd ? nil : bytes[index] }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard current == UInt8(ascii: character) else { return false }
        bytes.formIndex(after: &index)
        return true
    }

    private mutating func digit() -> Int64? {
        guard let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        bytes.formIndex(after: &index)
        return Int64(byte - UInt8(ascii: "0"))
    }

    /// Exactly `digits` decimal digits.
    mutating func number(digits: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<digits {
            guard let next = digit() else { return nil }
            value = value * 10 + next
        }
        return value
    }

    /// One or more fraction digits, scaled to nanoseconds (digits past the ninth are dropped).
    mutating func fractionAsNanoseconds() -> Int64? {
        var value: Int64 = 0
        var count = 0
        while let next = digit() {
            if count < 9 { value = value * 10 + next }
            count += 1
        }
        guard count > 0 else { return nil }
        for _ in min(count, 9)..<9 { value *= 10 }
        return value
    }

    /// The offset east of UTC in seconds; 0 when there is none or it is `Z`.
    mutating func utcOffsetSeconds() -> Int64? {
        if isAtEnd || skip("Z") || skip("z") { return 0 }
        let sign: Int64
        if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
        guard let hours = number(digits: 2), hours < 24 else { return nil }
        var minutes: Int64 = 0
        if !isAtEnd {
            _ = skip(":")
            guard let parsed = number(digits: 2), parsed < 60 else { return nil }
            minutes = parsed
        }
        return sign * (hours * 3600 + minutes * 60)
    }
}
