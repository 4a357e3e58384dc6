import CSQLite

/// Why an SQLite call failed: the result code and SQLite's own explanation.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The primary result code (`SQLITE_BUSY`, `SQLITE_CORRUPT`, …).
    public let code: Int32
    /// `sqlite3_errmsg` at the time of failure.
    public let message: String

    public var description: String { "SQLite error \(code): \(message)" }

    /// Whether the file is damaged or is not an SQLite database at all.
    public var isCorruption: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }
}

/// A value bound to, or read from, a statement.
public enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case null
}

/// `SQLITE_TRANSIENT` is a cast macro that does not import: SQLite copies the bytes.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One connection to an SQLite database file (or `:memory:`).
///
/// Not thread-safe: give each connection one owner (an actor, or one task).
public final class Database {
    private let handle: OpaquePointer

    /// Opens (creating when missing) the database at `path`.
    public init(path: String) throws(SQLiteError) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            sqlite3_close(opened)
            throw SQLiteError(code: code, message: message)
        }
        handle = opened
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows of interest.
    public func execute(_ sql: String) throws(SQLiteError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// Runs `sql` with `bindings` (for `?1`, `?2`, …) and returns every row.
    @discardableResult
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        try prepare(sql).run(bindings)
    }

    /// Compiles `sql` once, to be run many times (e.g. an insert inside a loop).
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { throw error(prepared) }
        return Statement(handle: statement, database: self)
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    fileprivate func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)))
    }
}

/// A compiled statement of one ``Database``; finalised when released.
public final class Statement {
    private let handle: OpaquePointer
    private let database: Database

    fileprivate init(handle: OpaquePointer, database: Database) {
        self.handle = handle
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `bindings` to `?1`, `?2`, …, runs the statement and returns every row.
    @discardableResult
    public func run(_ bindings: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in bindings.enumerated() {
            let position = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(handle, position, number)
            case .text(let text): code = sqlite3_bind_text(handle, position, text, -1, transient)
            case .null: code = sqlite3_bind_null(handle, position)
            }
            guard code == SQLITE_OK else { throw database.error(code) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw database.error(code) }
            rows.append((0..<sqlite3_column_count(handle)).map(column))
        }
    }

    private func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_NULL: return .null
        default:
            guard let text = sqlite3_column_text(handle, index) else { return .null }
            let length = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        }
    }
}

extension SQLiteValue {
    /// The integer, or `nil` for any other kind of value.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The text, or `nil` for any other kind of value.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}
