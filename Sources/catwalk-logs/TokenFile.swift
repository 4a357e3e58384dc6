#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Why the token file could not be used.
struct TokenFileError: Error, CustomStringConvertible {
    let path: String
    let reason: String

    var description: String { "Cannot read the token file \(path) (\(reason)): check --token-file." }
}

/// Reads the API token from a file, warning when others may read it too.
enum TokenFile {
    static func read(path: String, warn: (String) -> Void) throws -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw TokenFileError(path: path, reason: String(cString: strerror(errno)))
        }
        if info.st_mode & (S_IRWXG | S_IRWXO) != 0 {
            warn("warning: the token file \(path) can be read by other users: run chmod 600 \(path)")
        }
        guard let file = fopen(path, "r") else {
            throw TokenFileError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        let token = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
        return token.isEmpty ? nil : token
    }
}
