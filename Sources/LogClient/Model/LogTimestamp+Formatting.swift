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

    private func formatted(fractionDigits: Int) -> String {
        let civil = CivilDateTime(secondsSinceEpoch: secondsSinceEpoch)
        var text = "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
            + "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2))"
        if fractionDigits > 0 {
            var scale: Int64 = 1
            for _ in fractionDigits..<9 { scale *= 10 }
            text += "." + pad(nanosecondOfSecond / scale, fractionDigits)
        }
        return text + "Z"
    }
}

/// `value` in decimal, left-padded with zeros to `width` digits.
private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
