#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Frame timings for the viewer benchmark, written when `CATWALK_LOGS_FRAME_LOG` names a
/// file: `first_frame_ms` (lines received → that frame painted) and `frame_ms` for every
/// frame (render + paint). Nothing is measured when the variable is unset.
@MainActor
final class FrameLog {
    private let file: UnsafeMutablePointer<FILE>
    private var linesReceivedAt: UInt64?
    private var hasLoggedFirstFrame = false

    init?(path: String) {
        guard let file = fopen(path, "a") else { return nil }
        self.file = file
    }

    func markLinesReceived() {
        if !hasLoggedFirstFrame, linesReceivedAt == nil { linesReceivedAt = Self.nanoseconds() }
    }

    func measureFrame(_ paint: () -> Void) {
        let start = Self.nanoseconds()
        paint()
        let end = Self.nanoseconds()
        fputs("frame_ms \(Double(end - start) / 1e6)\n", file)
        if let received = linesReceivedAt, !hasLoggedFirstFrame {
            fputs("first_frame_ms \(Double(end - received) / 1e6)\n", file)
            hasLoggedFirstFrame = true
        }
        fflush(file)
    }

    private static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
