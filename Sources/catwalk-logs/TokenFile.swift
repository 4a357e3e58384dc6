#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LogClient

/// Why a file could not be read: its path and the system's reason.
struct FileReadError: Error, CustomStringConvertible {
    let path: String
    let reason: String

    var description: String { "\(path): \(reason)" }
}

/// Reads the API token from a file, warning when others may read it too.
enum TokenFile {
    static func read(path: String, warn: (String) -> Void) throws(LogClientError) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .tokenFileUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if info.st_mode & (S_IRWXG | S_IRWXO) != 0 {
            warn("warning: the token file \(path) can be read by other users: run chmod 600 \(path)")
        }
        let token: String
        do { token = try readText(path).filter { !$0.isWhitespace } } catch {
            throw .tokenFileUnreadable(path: path, reason: error.reason)
        }
        return token.isEmpty ? nil : token
    }
}

/// The whole of a file (or of standard input when `path` is `nil` or `-`), as UTF-8 with
/// invalid bytes replaced.
func readText(_ path: String?) throws(FileReadError) -> String {
    var descriptor = STDIN_FILENO
    if let path, path != "-" {
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw FileReadError(path: path, reason: String(cString: strerror(errno))) }
    }
    defer { if descriptor != STDIN_FILENO { close(descriptor) } }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count < 0, errno == EINTR { continue }
        if count <= 0 { break }
        bytes.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}
