#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension LogTimestamp {
    /// The current wall-clock time.
    public static func now() -> LogTimestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return LogTimestamp(secondsSinceEpoch: Int64(time.tv_sec), nanoseconds: Int64(time.tv_nsec))
    }
}
