import LogText

/// The lines of a saved file that a ``LogView`` shows, read as `tail` and `grep` read a file
/// rather than as a window of 1000 lines: a file is not a window to merge, so every line of it
/// counts and identical lines are all kept.
///
/// - Without a text, time or stream filter, blocks are read from the end until the newest N
///   lines are in hand: the cost of `tail -n N`, not of the file.
/// - With one, the whole file is read once, front to back, and only the newest N lines that
///   pass are kept: the filter sees every line, and memory is bounded by N, not by the file.
///
/// Lines decode as ``SavedFileDecoder`` decodes them (a line without a time of its own takes
/// the one before it; the modification time before the first). A gzip-compressed file (or
/// input) is read front to back, inflated.
public enum SavedFileSelection {
    /// How much is read at a time.
    static let blockSize = 1 << 16

    /// The newest ``LogView/newest`` entries of `path` that `view` shows, oldest first.
    /// - Throws: ``LogClientError/fileUnreadable(path:reason:)``.
    public static func newest(of path: String, view: LogView) throws(LogClientError) -> [LogEntry] {
        let file = try SavedFileBytes(path: path)
        guard view.newest > 0 else { return [] }
        if view.filter.isEmpty, view.stream == nil, file.isSeekable {
            return try tail(file, count: view.newest)
        }
        return try scan(file, view: view)
    }

    /// The last `count` entries, read backwards in blocks: enough lines, and before them the
    /// nearest line with a time of its own (whose time an untimed line after it takes), looked
    /// for at most ``lookback`` bytes further back (raw text has none: its lines take the file's time).
    private static func tail(_ file: SavedFileBytes, count: Int) throws(LogClientError) -> [LogEntry] {
        var start = file.size
        var bytes: [UInt8] = []
        var enoughAt: Int64?   // where the block that completed `count` lines started
        var blockLength = Int64(blockSize)
        while start > 0 {
            // Each block twice the last: the lines read so far are split again each time, so
            // growing blocks keep a large N linear in what is read.
            let length = min(blockLength, start)
            blockLength *= 2
            start -= length
            bytes = try file.read(at: start, count: Int(length)) + bytes
            // The lines from the first whole one on (all of them once the file's start is reached).
            let whole = start == 0 ? bytes[...] : bytes[(bytes.firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count)...]
            let lines = LineSplitter.lines(of: whole).filter { !$0.isEmpty }
            guard lines.count >= count else { continue }
            let first = lines.count - count
            let timed = lines[...first].lastIndex { SavedLine.hasOwnTime($0) }
            enoughAt = enoughAt ?? start
            guard timed != nil || start == 0 || (enoughAt ?? start) - start >= lookback else { continue }
            var decoder = SavedFileDecoder()
            let entries = decoder.decode(whole[lines[timed ?? first].startIndex...], defaultTime: file.modified)
            // Gap markers are lines but not entries: read on until there are enough.
            if entries.count >= count || start == 0 { return Array(entries.suffix(count)) }
        }
        var decoder = SavedFileDecoder()
        return Array(decoder.decode(bytes, defaultTime: file.modified).suffix(count))
    }

    /// How far before the lines shown the tail looks for one with its own time.
    static let lookback: Int64 = 1 << 17

    /// Every line, front to back, keeping the newest `view.newest` that `view` shows. With a
    /// plain-text `--include`, a line whose bytes lack the text is not decoded; the last such
    /// line is decoded before the next one that is, for the time an untimed line takes.
    private static func scan(_ file: SavedFileBytes, view: LogView) throws(LogClientError) -> [LogEntry] {
        let matcher = view.filter.matcher()
        let literal = view.filter.literalInclude
        var kept = NewestEntries(capacity: view.newest)
        var decoder = SavedFileDecoder()
        var carried: [UInt8] = []   // a line not yet ended at the end of a block
        var last: LogTimestamp?
        var skipped: [UInt8]?        // the last line passed over undecoded
        func decode(_ bytes: some BidirectionalCollection<UInt8>, keep: Bool) {
            for entry in decoder.decode(bytes, defaultTime: last ?? file.modified) {
                last = entry.timestamp
                if keep, view.stream == nil || entry.stream == view.stream, matcher.admits(.line(entry)) { kept.append(entry) }
            }
        }
        func take(_ bytes: ArraySlice<UInt8>) {
            guard let literal else { return decode(bytes, keep: true) }
            for line in LineSplitter.lines(of: bytes) {
                guard ByteSearch.contains(line, literal.bytes, ignoringCase: literal.ignoresCase) else {
                    skipped = Array(line)
                    continue
                }
                if let previous = skipped { decode(previous, keep: false) }
                skipped = nil
                decode(line, keep: true)
            }
        }
        while let block = try file.readNext(count: blockSize) {
            guard let lastBreak = block.lastIndex(of: 0x0A) else {
                carried += block
                continue
            }
            take((carried + block[...lastBreak])[...])
            carried = Array(block[(lastBreak + 1)...])
        }
        take(carried[...])
        return kept.entries
    }
}

extension SavedLine {
    /// Whether the line carries its own timestamp (a log line object of `--json`, or a plain
    /// line that starts with one).
    static func hasOwnTime(_ line: some Collection<UInt8>) -> Bool {
        if case .line(.some, _, _) = SavedLine(String(decoding: line, as: UTF8.self)) { return true }
        return false
    }
}

/// Whether bytes hold other bytes, exactly or regardless of ASCII case.
enum ByteSearch {
    /// Whether `haystack` contains `needle` (lower-case ASCII when `ignoringCase`).
    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8], ignoringCase: Bool) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        return haystack.withUnsafeBufferPointer { hay in
            let last = hay.count - needle.count
            var index = 0
            while index <= last {
                let byte = ignoringCase ? lowered(hay[index]) : hay[index]
                if byte == first {
                    var offset = 1
                    while offset < needle.count, (ignoringCase ? lowered(hay[index + offset]) : hay[index + offset]) == needle[offset] {
                        offset += 1
                    }
                    if offset == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

/// The newest `capacity` entries appended, in a ring.
private struct NewestEntries {
    private var ring: [LogEntry] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    mutating func append(_ entry: LogEntry) {
        if ring.count < capacity { ring.append(entry) } else { ring[next] = entry }
        next = (next + 1) % capacity
    }

    /// Oldest first.
    var entries: [LogEntry] { ring.count < capacity ? ring : Array(ring[next...] + ring[..<next]) }
}
