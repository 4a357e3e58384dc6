import Foundation
import Testing
import LogDiagnosis

/// The diagnosis measured on the real logs of `Tests/Fixtures/diagnosis-corpus` (`make diagnosis-report`).
@Suite struct DiagnosisCorpusTests {
    /// The bar the corpus must clear: the first finding right on 95 % of the failures,
    /// and at most 3 % of the clean starts with any finding.
    static let minimumAccuracy = 0.95
    static let maximumFalseAlarmRate = 0.03

    @Test func theCorpusIsDiagnosedWellEnough() throws {
        let items = try CorpusItem.loadAll()
        #expect(items.count > 200, "the corpus was not found at \(CorpusItem.folder.path)")
        let score = CorpusScore(items) { DiagnosisEngine.diagnosis(of: $0) }
        print(score.table)
        #expect(score.accuracy >= Self.minimumAccuracy, "accuracy \(score.accuracy) below \(Self.minimumAccuracy)")
        #expect(score.falseAlarmRate <= Self.maximumFalseAlarmRate,
                "false alarms \(score.falseAlarmRate) above \(Self.maximumFalseAlarmRate)")
    }

    /// Prints the time to diagnose the corpus (not asserted: debug builds and shared machines vary).
    @Test func printsTheTimeToDiagnoseTheCorpus() throws {
        let items = try CorpusItem.loadAll()
        let lineCount = items.reduce(0) { $0 + $1.lines.count }
        _ = items.map { DiagnosisEngine.diagnose($0.lines) }   // compiles the regexes the corpus needs
        let rounds = 5
        let elapsed = ContinuousClock().measure {
            for _ in 0..<rounds { for item in items { _ = DiagnosisEngine.diagnose(item.lines) } }
        }
        let perPass = Double(elapsed.components.seconds) * 1000 / Double(rounds)
            + Double(elapsed.components.attoseconds) / 1e15 / Double(rounds)
        let perThousand = perPass * 1000 / Double(max(lineCount, 1))
        print("diagnosis of the corpus (\(items.count) logs, \(lineCount) lines): "
              + String(format: "%.1f ms a pass, %.2f ms per 1000 lines", perPass, perThousand))
    }
}
