import Foundation
import LogDiagnosis

/// One real log of `Tests/Fixtures/diagnosis-corpus/<family>/<id>.json` (or of the held-out
/// rounds, `Tests/Fixtures/diagnosis-heldout/`).
struct CorpusItem: Decodable, Sendable {
    let id: String
    /// The family the diagnosis must name first; `nil` for a clean start.
    let category: String?
    let source: String
    let rootCause: String?
    let lines: [String]

    enum CodingKeys: String, CodingKey {
        case id, category, source, lines
        case rootCause = "root_cause"
    }

    /// The corpus the rules were written against, found from this file's path.
    static let folder = fixtures.appendingPathComponent("diagnosis-corpus")
    /// The held-out rounds: scored, never tuned on (see its README).
    static let heldOutFolder = fixtures.appendingPathComponent("diagnosis-heldout")
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every item of `folder`, sorted by family then id.
    static func loadAll(from folder: URL = folder) throws -> [CorpusItem] {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" } ?? []
        let decoder = JSONDecoder()
        return try files.map { try decoder.decode(CorpusItem.self, from: Data(contentsOf: $0)) }
            .sorted { ($0.category ?? "", $0.id) < ($1.category ?? "", $1.id) }
    }
}

/// How the diagnosis fares on the corpus: the first finding against each label.
struct CorpusScore {
    /// One item's label and the first finding's category (`nil`: no finding).
    struct Outcome {
        let id: String
        let label: String?
        let predicted: String?
        /// Whether the log was reported as a failure with no known cause.
        let isUnexplained: Bool
    }

    let outcomes: [Outcome]

    init(_ items: [CorpusItem], diagnose: ([String]) -> Diagnosis) {
        outcomes = items.map { item in
            let diagnosis = diagnose(item.lines)
            return Outcome(id: item.id, label: item.category, predicted: diagnosis.findings.first?.category,
                           isUnexplained: diagnosis.unexplained != nil)
        }
    }

    private var failures: [Outcome] { outcomes.filter { $0.label != nil } }
    private var cleanStarts: [Outcome] { outcomes.filter { $0.label == nil } }

    /// The share of failures whose first finding names their family.
    var accuracy: Double { Self.share(failures.count { $0.label == $0.predicted }, of: failures.count) }

    /// The share of clean starts with any finding.
    var falseAlarmRate: Double { Self.share(cleanStarts.count { $0.predicted != nil }, of: cleanStarts.count) }

    /// Every miss as `label → predicted` with its count, most frequent first.
    var confusions: [(pair: String, count: Int, ids: [String])] {
        let misses = outcomes.filter { $0.label != $0.predicted }
        let grouped = Dictionary(grouping: misses) { "\($0.label ?? "none") → \($0.predicted ?? "nothing")" }
        return grouped.map { (pair: $0.key, count: $0.value.count, ids: $0.value.map(\.id)) }
            .sorted { ($1.count, $0.pair) < ($0.count, $1.pair) }
    }

    /// Precision, recall and support of one family.
    func figures(for family: String) -> (precision: Double, recall: Double, support: Int) {
        let predicted = outcomes.filter { $0.predicted == family }
        let labelled = outcomes.filter { $0.label == family }
        let hits = labelled.count { $0.predicted == family }
        return (Self.share(hits, of: predicted.count), Self.share(hits, of: labelled.count), labelled.count)
    }

    /// The accuracy and false-alarm line (all `make test` prints; the table is for the report).
    var summary: String {
        "accuracy on \(failures.count) failures: \(Self.percent(accuracy))"
            + "; false alarms on \(cleanStarts.count) clean starts: \(Self.percent(falseAlarmRate))"
    }

    /// The table printed by `make diagnosis-report` (or by a test whose bar it misses).
    func report(title: String, passed: Bool) -> String {
        passed && ProcessInfo.processInfo.environment["DIAGNOSIS_REPORT"] == nil ? "\(title): \(summary)" : "\(title):\n\(table)"
    }

    /// The table printed by `make diagnosis-report`.
    var table: String {
        let families = Set(outcomes.compactMap(\.label)).sorted()
        var text = "family                           precision  recall  n\n"
        for family in families {
            let (precision, recall, support) = figures(for: family)
            text += family.padding(toLength: 32, withPad: " ", startingAt: 0)
                + Self.percent(precision).leftPadded(10) + Self.percent(recall).leftPadded(8) + "  \(support)\n"
        }
        text += "\n" + summary + "\n"
        let unnamed = failures.filter { $0.predicted == nil }
        text += "no known cause shown for \(unnamed.count { $0.isUnexplained }) of the \(unnamed.count) failures without a finding"
        text += "; clean starts taken as failed: \(cleanStarts.count { $0.isUnexplained })\n"
        if !confusions.isEmpty { text += "\nmisses (label → first finding):\n" }
        for confusion in confusions {
            text += "  \(confusion.count) × \(confusion.pair): \(confusion.ids.joined(separator: ", "))\n"
        }
        return text
    }

    private static func share(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 1 : Double(part) / Double(whole)
    }

    private static func percent(_ value: Double) -> String {
        String(format: "%.1f %%", value * 100)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
