import LogClient
import LogDiagnosis
import LogText

/// The diagnosis finishes in time proportional to its input: a fixed allowance plus a
/// budget per byte, both far above what a linear scan needs (even under AddressSanitizer),
/// so only super-linear work (a backtracking regex, a quadratic scan) can miss it.
enum DiagnosisProperties {
    static let fixedAllowance: Duration = .milliseconds(500)
    static let budgetPerByte: Duration = .microseconds(100)

    static func linearTime(_ input: [UInt8]) -> [String] {
        let lines = LineSplitter.lines(of: input).map { String(decoding: $0, as: UTF8.self) }
        let clock = ContinuousClock()
        let started = clock.now
        let diagnosis = DiagnosisEngine.diagnosis(of: lines, failed: true)
        let elapsed = clock.now - started
        let deadline = fixedAllowance + budgetPerByte * input.count
        var problems: [String] = []
        if elapsed > deadline { problems.append("diagnosing \(input.count) bytes took \(elapsed), over \(deadline)") }
        let evidence = diagnosis.findings.flatMap(\.evidence) + (diagnosis.unexplained?.evidence ?? [])
        if let stray = evidence.first(where: { !lines.indices.contains($0) }) {
            problems.append("the evidence names line \(stray) of \(lines.count)")
        }
        return problems
    }
}
