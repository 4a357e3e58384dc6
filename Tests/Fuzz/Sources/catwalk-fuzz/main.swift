import CLibFuzzer
import FuzzTargets
import Glibc

// `catwalk-fuzz TARGET [libFuzzer options] [corpus directories]`: fuzzes one parser of
// FuzzTarget. A broken property is a crash, which libFuzzer saves and reports.

/// The target the first argument names.
enum Selection {
    static let target = CommandLine.arguments.dropFirst().first.flatMap(FuzzTarget.init(rawValue:))
}

/// Runs one input; libFuzzer calls this (and links against the name).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = Selection.target else { return 0 }
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let problems = target.violations(of: input)
    if !problems.isEmpty {
        report("\(target.rawValue) property broken: \(problems.joined(separator: "; "))")
        abort()
    }
    return 0
}

private func report(_ line: String) {
    let text = Array((line + "\n").utf8)
    _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

guard Selection.target != nil else {
    report("usage: catwalk-fuzz TARGET [libFuzzer options] [corpus…]; targets: "
           + FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))
    exit(2)
}
// libFuzzer reads the options after the target's name.
var arguments = [CommandLine.unsafeArgv[0]] + (2..<Int(CommandLine.argc)).map { CommandLine.unsafeArgv[$0] } + [nil]
var count = Int32(arguments.count - 1)
let status = arguments.withUnsafeMutableBufferPointer { buffer in
    var pointer = buffer.baseAddress
    return LLVMFuzzerRunDriver(&count, &pointer) { fuzzOneInput($0, $1) }
}
exit(status)
