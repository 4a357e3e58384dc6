extension LogTimestamp {
    /// RFC 3339 in UTC with exactly three fraction digits: `2026-11-28T12:00:00.123Z`.
    public var rfc3339Milliseconds: String {
        formatted(fractionDigits: 3)
    }

    /// RFC 3339 in UTC with as many fraction digits as keep the instant exact:
    /// none, 3, 6 or 9 (`12:00:00Z`, `12:00:00.120Z`, `12:00:00.123456Z`).
    public var rfc3339Exact: String {
        let nanos = nanosecondOfSecond
        let digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9
        return formatted(fractionDigits: digits)
    }

    /// Written digit by digit into one small buffer: plain output formats every line's
    /// timestamp, so no intermediate strings.
    private func formatted(fractionDigits: Int) -> String {
        let civil = CivilDateTime(secondsSinceEpoch: secondsSinceEpoch)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        append(civil.year, width: 4, to: &text, then: "-")
        append(civil.month, width: 2, to: &text, then: "-")
        append(civil.day, width: 2, to: &text, then: "T")
        append(civil.hour, width: 2, to: &text, then: ":")
        append(civil.minute, width: 2, to: &text, then: ":")
        append(civil.second, width: 2, to: &text, then: fractionDigits > 0 ? "." : "Z")
        if fractionDigits > 0 {
            var scale: Int64 = 1
            for _ in fractionDigits..<9 { scale *= 10 }
            append(nanosecondOfSecond / scale, width: fractionDigits, to: &text, then: "Z")
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Appends `value` in decimal, left-padded with zeros to `width` digits, then `separator`.
private func append(_ value: Int64, width: Int, to text: inout [UInt8], then separator: Unicode.Scalar) {
    var digits: [UInt8] = []
    var rest = value < 0 ? -value : value
    repeat {
        digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
        rest /= 10
    } while rest > 0
    if value < 0 { text.append(UInt8(ascii: "-")) }
    for _ in digits.count..<max(width, digits.count) { text.append(UInt8(ascii: "0")) }
    text.append(contentsOf: digits.reversed())
    text.append(UInt8(separator.value))
}

extension LogTimestamp {
    /// Python's `datetime.isoformat()` of this instant at microsecond precision, as the Catwalk
    /// backend writes timestamps: `2026-11-28T12:00:00.123456+00:00`, the fraction left out
    /// when it is zero; `withOffset: false` is a naive UTC datetime (SQLite, or a PostgreSQL
    /// `timestamp without time zone`), which has no offset.
    public func pythonISOFormat(withOffset: Bool) -> String {
        let micros = nanosecondsSinceEpoch.floorDivided(by: 1000)
        let truncated = LogTimestamp(nanosecondsSinceEpoch: micros * 1000)
        var text = String(truncated.formatted(fractionDigits: micros % 1_000_000 == 0 ? 0 : 6).dropLast())  // drop "Z"
        if withOffset { text += "+00:00" }
        return text
    }
}
