#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LogClient
import LogText

/// Writes to a file descriptor, noticing when the reader has gone away.
struct OutputStream {
    let descriptor: Int32

    static let standardOutput = OutputStream(descriptor: STDOUT_FILENO)

    /// Whether the descriptor is a terminal.
    var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Whether someone still reads: `false` once the read end of a pipe has closed (POLLERR),
    /// so an idle follow notices `| head` finishing without waiting for the next line.
    var readerIsPresent: Bool {
        var descriptor = pollfd(fd: self.descriptor, events: Int16(POLLOUT), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return true }
        return descriptor.revents & Int16(POLLERR | POLLHUP) == 0
    }

    /// Writes all of `text`; returns `false` once the reader has closed the pipe.
    @discardableResult
    func write(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}

/// Messages for the person at the terminal: errors and warnings, one line each.
enum StandardError {
    private static let stream = OutputStream(descriptor: STDERR_FILENO)

    /// Writes `text` as is, adding a final line break when missing.
    static func write(_ text: String) {
        stream.write(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Writes `catwalk-logs: <sentence>` with the sentence sanitised: error text may
    /// quote a server, and a server's text is as untrusted as a log line.
    static func report(_ sentence: String) {
        write("catwalk-logs: " + TerminalSanitizer.sanitize(sentence))
    }

    /// The one place a failure becomes what the user sees: its sentence here, and the exit
    /// code it returns for the command to end with.
    static func fail(_ error: LogClientError) -> ExitStatus {
        report(error.userMessage)
        return error.exitStatus
    }
}

/// Process-wide signal dispositions.
enum Signals {
    /// For a one-shot fetch: Ctrl-C and SIGTERM end it at once with the documented codes
    /// 130 and 143; a closed pipe becomes a failed write (EPIPE) that ends the output
    /// quietly instead of killing the process.
    static func installForOneShotFetch() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT) { _ in _exit(ExitStatus.interrupted.rawValue) }
        signal(SIGTERM) { _ in _exit(ExitStatus.terminated.rawValue) }
    }
}
