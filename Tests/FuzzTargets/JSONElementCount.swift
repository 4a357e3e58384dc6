import FoundationEssentials

/// Counts elements of a top-level object's array with the JSON parser the decoders use,
/// reading none of them: the reference that a decoder's entries and skips must add up to.
enum JSONElementCount {
    /// The elements of `logs` in the object `body`, or `nil` when it has no such array.
    static func logs(in body: [UInt8]) -> Int? {
        (try? JSONDecoder().decode(LogsObject.self, from: repaired(body)))?.logs.count
    }

    /// The elements of `data` in the object `body`, or `nil` when it has no such array.
    static func data(in body: [UInt8]) -> Int? {
        (try? JSONDecoder().decode(DataObject.self, from: repaired(body)))?.data.count
    }

    /// Whether `body` is a JSON object (of any keys).
    static func isObject(_ body: [UInt8]) -> Bool {
        (try? JSONDecoder().decode([String: Unread].self, from: repaired(body))) != nil
    }

    /// Invalid UTF-8 as U+FFFD, as the decoders read it.
    private static func repaired(_ body: [UInt8]) -> Data {
        Data(JSONBodyText.repaired(body))
    }

    private struct LogsObject: Decodable { let logs: [Unread] }
    private struct DataObject: Decodable { let data: [Unread] }

    /// A value of any shape, left unread.
    private struct Unread: Decodable {
        init(from decoder: any Decoder) {}
    }
}
