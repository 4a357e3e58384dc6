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
        self.init(indexedMessages: items.enumerated().compactMap { index, item in item.entry.map { (index, $0.message) } })
    }

    /// Flattens messages as they are stored (catwalk-logd's lines), `itemIndex` counting the messages.
    public init(messages: [String]) {
        self.init(indexedMessages: messages.enumerated().map { ($0.offset, $0.element) })
    }

    private init(indexedMessages: [(index: Int, message: String)]) {
        var lines: [String] = []
        var itemIndex: [Int] = []
        for (index, message) in indexedMessages {
            for line in LineSplitter.lines(ofMessage: message) {
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

    /// The diagnosis of these lines (see ``DiagnosisEngine/diagnosis(of:failed:exit:)``).
    public func diagnosis(failed: Bool = false, exit: MachineExit? = nil) -> Diagnosis {
        DiagnosisEngine.diagnosis(of: lines, failed: failed, exit: exit)
    }

    /// The diagnosis of these lines of `deployment`: failed when its status says so, with its machine's exit.
    public func diagnosis(of deployment: DeploymentSummary?) -> Diagnosis {
        diagnosis(failed: deployment?.status == "failed", exit: deployment?.machineExit)
    }
}
