import LogClient
import LogText

/// The saved-file reader: times never go backwards, no line becomes two entries, and what it
/// read, written again as `--json` writes it, reads back the same.
enum SavedFileProperties {
    static let fileTime = LogTimestamp(secondsSinceEpoch: 1_700_000_000)

    static func roundTrip(_ input: [UInt8]) -> [String] {
        var decoder = SavedFileDecoder()
        let entries = decoder.decode(input, defaultTime: fileTime)
        var problems: [String] = []
        if zip(entries, entries.dropFirst()).contains(where: { $0.timestamp > $1.timestamp }) {
            problems.append("times go backwards")
        }
        let lines = LineSplitter.lines(of: input).count { !$0.isEmpty }
        if entries.count > lines { problems.append("\(lines) lines gave \(entries.count) entries") }
        var json = ""
        for entry in entries { JSONLineFormatter().append(entry, to: &json) }
        var rereader = SavedFileDecoder()
        let reread = rereader.decode(Array(json.utf8), defaultTime: fileTime)
        if reread != entries {
            problems.append("written as --json and read again, \(entries.count) entries became \(reread.count) different ones")
        }
        return problems
    }
}
