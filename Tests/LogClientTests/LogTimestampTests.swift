import Testing
@testable import LogClient

@Suite struct LogTimestampTests {
    /// 2026-11-28T12:00:00Z in seconds since the epoch.
    static let noon: Int64 = 1_795_867_200

    @Test(arguments: [
        ("2026-11-28T12:00:00", 0),                    // SQLite backend: naive UTC, no fraction
        ("2026-11-28T12:00:00+00:00", 0),              // PostgreSQL, fraction omitted when zero
        ("2026-11-28T12:00:00.1+00:00", 100_000_000),  // 1 digit
        ("2026-11-28T12:00:00.12", 120_000_000),       // 2 digits, naive
        ("2026-11-28T12:00:00.123456+00:00", 123_456_000),
        ("2026-11-28T12:00:00.123456789Z", 123_456_789),  // Fly: nanoseconds and Z
        ("2026-11-28T12:00:00.1234567891Z", 123_456_789), // digits past nine are dropped
        ("2026-11-28 12:00:00.5z", 500_000_000),       // space separator, lower-case z
    ])
    func parsesEveryFormAsUTC(text: String, nanos: Int64) throws {
        let parsed = try #require(LogTimestamp(parsing: text))
        #expect(parsed == LogTimestamp(secondsSinceEpoch: Self.noon, nanoseconds: nanos))
    }

    @Test(arguments: [
        ("2026-11-28T17:30:00+05:30", 0), ("2026-11-28T04:00:00-0800", 0), ("2026-11-28T13:00:00+01", 0),
    ])
    func appliesOffsets(text: String, nanos: Int64) throws {
        #expect(LogTimestamp(parsing: text) == LogTimestamp(secondsSinceEpoch: Self.noon, nanoseconds: nanos))
    }

    @Test(arguments: ["", "yesterday", "2026-11-28", "2026-13-01T00:00:00Z", "2026-11-28T25:00:00Z",
                      "2026-11-28T12:00:00.Z", "2026-11-28T12:00:00+5", "2026-11-28T12:00:00Zjunk",
                      "2026-11-28T12:00:00+00:00 "])
    func rejectsGarbage(text: String) {
        #expect(LogTimestamp(parsing: text) == nil)
    }

    /// Found by fuzzing: a year outside 1678–2261 overflowed 64-bit nanoseconds and trapped.
    @Test(arguments: ["1013-12-28T12:00:00Z", "4052-11-28T12:00:00Z", "1677-09-21T00:12:43Z", "2262-04-11T23:47:17Z"])
    func rejectsInstantsBeyondNanosecondsInSixtyFourBits(text: String) {
        #expect(LogTimestamp(parsing: text) == nil)
    }

    @Test func theEdgesOfTheRangeParseAndMovingPastThemStopsThere() throws {
        let latest = try #require(LogTimestamp(parsing: "2262-04-11T23:47:16.854775807Z"))
        #expect(latest.nanosecondsSinceEpoch == .max)
        #expect(latest.advanced(byNanoseconds: 1).nanosecondsSinceEpoch == .max)
        let earliest = try #require(LogTimestamp(parsing: "1677-09-21T00:12:44Z"))
        #expect(earliest.advanced(byNanoseconds: -.max).nanosecondsSinceEpoch == .min)
        #expect(ageDescription(of: earliest, now: latest) == "106751 days ago")
        #expect(LogTimestamp(secondsSinceEpoch: .max).nanosecondsSinceEpoch == .max)
    }

    @Test func formatsRFC3339WithMilliseconds() {
        let instant = LogTimestamp(secondsSinceEpoch: Self.noon, nanoseconds: 123_456_789)
        #expect(instant.rfc3339Milliseconds == "2026-11-28T12:00:00.123Z")
        #expect(LogTimestamp(secondsSinceEpoch: Self.noon).rfc3339Milliseconds == "2026-11-28T12:00:00.000Z")
    }

    @Test func exactFormKeepsAllPrecisionAndNoMore() {
        #expect(LogTimestamp(secondsSinceEpoch: Self.noon).rfc3339Exact == "2026-11-28T12:00:00Z")
        #expect(LogTimestamp(secondsSinceEpoch: Self.noon, nanoseconds: 120_000_000).rfc3339Exact
            == "2026-11-28T12:00:00.120Z")
        #expect(LogTimestamp(secondsSinceEpoch: Self.noon, nanoseconds: 123_456_000).rfc3339Exact
            == "2026-11-28T12:00:00.123456Z")
        #expect(LogTimestamp(secondsSinceEpoch: Self.noon, nanoseconds: 123_456_789).rfc3339Exact
            == "2026-11-28T12:00:00.123456789Z")
    }

    @Test func roundTripsThroughItsOwnFormat() throws {
        for seconds: Int64 in [-86_401, 0, 951_782_400 /* 2000-02-29 */, Self.noon, 4_102_444_799] {
            let instant = LogTimestamp(secondsSinceEpoch: seconds, nanoseconds: 7_000)
            #expect(LogTimestamp(parsing: instant.rfc3339Exact) == instant)
        }
    }

}
