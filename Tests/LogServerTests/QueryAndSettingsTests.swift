import LogClient
import LogServer
import Testing

/// FastAPI's query validation, Python's UUIDs, the poll schedule and the environment.
@Suite struct QueryAndSettingsTests {
    @Test func limitAndStreamAreValidatedAsFastAPIDoes() throws {
        #expect(try LogsQuery.parse(limit: nil, stream: nil).get() == LogsQuery(limit: 100, stream: nil))
        #expect(try LogsQuery.parse(limit: "1000", stream: "stderr").get() == LogsQuery(limit: 1000, stream: .stderr))
        #expect(try LogsQuery.parse(limit: " 7 ", stream: nil).get().limit == 7)
        func types(_ limit: String?, _ stream: String?) -> [String] {
            if case .failure(let failure) = LogsQuery.parse(limit: limit, stream: stream) { return failure.issues.map(\.type) }
            return []
        }
        #expect(types("0", nil) == ["greater_than_equal"])
        #expect(types("1001", nil) == ["less_than_equal"])
        #expect(types("abc", nil) == ["int_parsing"])
        #expect(types("1.5", nil) == ["int_parsing"])
        #expect(types("", nil) == ["int_parsing"])
        #expect(types("100", "both") == ["string_pattern_mismatch"])
        #expect(types("abc", "both") == ["int_parsing", "string_pattern_mismatch"], "every problem, as FastAPI lists them")
        guard case .failure(let failure) = LogsQuery.parse(limit: "1001", stream: nil) else { Issue.record("accepted"); return }
        #expect(failure.issues[0].message == "Input should be less than or equal to 1000")
        #expect(failure.issues[0].context == "{\"le\":1000}")
    }

    @Test func deploymentIDsAreReadAsPythonsUUIDReadsThem() {
        let canonical = "6f9619ff-8b86-d011-b42d-00c04fc964ff"
        for form in [canonical, canonical.uppercased(), "{\(canonical)}", "urn:uuid:\(canonical)", canonical.replacingOccurrences(of: "-", with: "")] {
            #expect(PythonUUID.parse(form)?.uuidString.lowercased() == canonical, "\(form)")
        }
        for bad in ["", "not-a-uuid", String(canonical.dropLast()), canonical + "0", "6f9619ff-8b86-d011-b42d-00c04fc964fg"] {
            #expect(PythonUUID.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func quietMachinesArePolledRarelyAndFailuresBackOff() {
        let schedule = PollSchedule()
        #expect(schedule.pause(newestLineAge: .seconds(5)) == .seconds(1))
        #expect(schedule.pause(newestLineAge: .seconds(300)) == .seconds(2))
        #expect(schedule.pause(newestLineAge: .seconds(1800)) == .seconds(15))
        #expect(schedule.pause(newestLineAge: .seconds(7200)) == .seconds(30))
        #expect(schedule.pause(newestLineAge: nil) == .seconds(30))
        #expect((1...7).map { schedule.backoff(failures: $0) } == [2, 4, 8, 16, 32, 60, 60].map { .seconds($0) })
        #expect(schedule.backoff(failures: 1, retryAfter: .seconds(120)) == .seconds(120), "Fly's Retry-After wins when longer")
        #expect(schedule.backoff(failures: 3, retryAfter: .seconds(1)) == .seconds(8))
    }

    @Test func theBackendsEnvironmentConfiguresTheService() throws {
        let configuration = try ServerConfiguration(environment: [
            "DATABASE_URL": "postgresql+psycopg://catwalk:p%40ss@db.internal:5433/catwalk?sslmode=disable",
            "AUTH_SECRET": "s", "AUTH_JWT_AUDIENCE": "catwalk-live-backend", "FLY_API_TOKEN": "FlyV1 fm2_abc",
            "FLY_MCP_APP_NAME": "my-mcp-app", "PUBLIC_URL": "https://api.example.com/",
        ], readFile: { _ in nil })
        #expect(configuration.database == (try DatabaseURL(parsing: "postgres://catwalk:p%40ss@db.internal:5433/catwalk?sslmode=disable")))
        #expect(configuration.database.password == "p@ss" && configuration.database.tls == .disable)
        #expect(!configuration.database.redacted.contains("p@ss") && !configuration.database.redacted.contains("p%40ss"))
        #expect(configuration.tokenRules?.audience == "catwalk-live-backend" && configuration.tokenRules?.issuer == nil)
        #expect(configuration.fly.app == "my-mcp-app" && configuration.fly.credentials?.authorization == "FlyV1 fm2_abc")
        #expect(configuration.publicURL == "https://api.example.com")
    }

    @Test func eachBadSettingIsOneSentenceWithoutTheSecret() {
        func failure(_ environment: [String: String]) -> ConfigurationError? {
            do { _ = try ServerConfiguration(environment: environment, readFile: { _ in nil }); return nil } catch { return error }
        }
        #expect(failure(["AUTH_SECRET": "s"]) == .missingDatabaseURL)
        #expect(failure(["DATABASE_URL": "postgres://u:pw@h/d"]) == .missingAuthSecret)
        #expect(failure(["DATABASE_URL": "postgres://u:pw@h/d", "AUTH_SECRET": ""]) == .missingAuthSecret)
        let sqlite = failure(["DATABASE_URL": "sqlite+aiosqlite:///./catwalk.db", "AUTH_SECRET": "s"])
        #expect(sqlite?.description.contains("SQLite") == true)
        let port = failure(["DATABASE_URL": "postgres://u:hunter2@h:99999/d", "AUTH_SECRET": "s"])
        #expect(port?.description.contains("99999") == true && port?.description.contains("hunter2") == false)
        let mode = failure(["DATABASE_URL": "postgres://u:hunter2@h/d?sslmode=sometimes", "AUTH_SECRET": "s"])
        #expect(mode?.description.contains("sslmode=sometimes") == true && mode?.description.contains("hunter2") == false)
        #expect(failure(["DATABASE_URL": "postgres://h/d", "AUTH_SECRET": "s", "FLY_API_BASE_URL": "api.fly.io"])
                == .invalidURL(variable: "FLY_API_BASE_URL", value: "api.fly.io"))
        for error in [ConfigurationError.missingDatabaseURL, .missingAuthSecret] {
            #expect(error.description.hasSuffix(".") && !error.description.dropLast().contains("\n"))
        }
    }

    @Test func databaseURLsInEveryFormTheBackendTakes() throws {
        for scheme in ["postgres", "postgresql", "postgresql+psycopg", "postgresql+asyncpg"] {
            let url = try DatabaseURL(parsing: "\(scheme)://user@[::1]/catwalk")
            #expect(url.host == "::1" && url.port == 5432 && url.username == "user" && url.password == nil && url.tls == .prefer)
        }
        #expect(try DatabaseURL(parsing: "postgres://u@h/d?sslmode=require").tls == .require)
        #expect(try DatabaseURL(parsing: "postgres://u@h/d?sslmode=verify-full").tls == .verify)
        #expect(try DatabaseURL(parsing: "postgres://u@h").database == "u", "libpq's default: the user's name")
    }

    @Test func storedLinesAreTheBackendsJSON() {
        let line = StoredLine(timestampMicros: 1_764_331_200_123_456, stream: .stderr, message: "say \"hi\"\u{1B}[31m\n")
        #expect(line.json == #"{"timestamp":"2025-11-28T12:00:00.123456+00:00","stream":"stderr","message":"say \"hi\"\u001b[31m\n"}"#)
        let whole = StoredLine(timestampMicros: 1_764_331_200_000_000, stream: .stdout, message: "")
        #expect(whole.json.contains(#""timestamp":"2025-11-28T12:00:00+00:00""#), "isoformat() omits a zero fraction")
        let nul = StoredLine(LogEntry(timestamp: LogTimestamp(nanosecondsSinceEpoch: 1_999), stream: .stdout, message: "a\0b"))
        #expect(nul.message == "a\u{FFFD}b" && nul.timestampMicros == 1)
    }
}
