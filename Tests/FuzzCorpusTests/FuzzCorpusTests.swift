import Foundation
import FuzzTargets
import Testing

/// Every saved fuzz input (the seeds, and each crash ever found) still keeps its target's
/// properties: the corpus under Tests/Fuzz replayed as regression tests, without libFuzzer.
@Suite struct FuzzCorpusTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The saved inputs of `target`: its seed corpus and its crashes.
    static func inputs(of target: FuzzTarget) -> [URL] {
        ["Corpus", "Crashes"].flatMap { folder in
            let directory = fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func savedInputsKeepTheProperties(of target: FuzzTarget) throws {
        let inputs = Self.inputs(of: target)
        #expect(!inputs.isEmpty, "\(target.rawValue) has no seed corpus")
        for input in inputs {
            let problems = target.violations(of: [UInt8](try Data(contentsOf: input)))
            #expect(problems.isEmpty, "\(input.lastPathComponent): \(problems.joined(separator: "; "))")
        }
    }
}
