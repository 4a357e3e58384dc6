import LogDiagnosis
import LogText

/// The text lines a diagnosis reads from cached items, and the way back to the items.
public struct DiagnosisInput: Sendable {
    /// One string per display line (a message with line breaks gives several).
    public let lines: [String]
    /// For each line, the index of the item it came from.
    public let itemIndex: [Int]

    /// Flattens the log lines of `items` (gap markers are skipped).
    public init(_ items: [CachedItem]) {
        var lines: [String] = []
        var itemIndex: [Int] = []
        for (index, item) in items.enumerated() {
            guard let entry = item.entry else { continue }
            for line in LineSplitter.lines(ofMessage: entry.message) {
                lines.append(line)
                itemIndex.append(index)
            }
        }
        self.lines = lines
        self.itemIndex = itemIndex
    }

    /// Diagnoses these lines.
    public func diagnose() -> [Finding] {
        DiagnosisEngine.diagnose(lines)
    }

    /// The diagnosis of these lines (see ``DiagnosisEngine/diagnosis(of:failed:)``).
    public func diagnosis(failed: Bool = false) -> Diagnosis {
        DiagnosisEngine.diagnosis(of: lines, failed: failed)
    }
}
