import CZlib

/// Decompresses gzip (or zlib) data block by block, as `zcat` does: every member of a
/// concatenated file in turn, so that a `.gz` CI artifact reads as the text it holds.
final class GzipInflater {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    /// Whether the data so far ended a member cleanly (what the end of the input must be).
    private(set) var isAtMemberEnd = false

    /// `nil` when zlib cannot start (out of memory).
    init?() {
        // 15 window bits, +32: detect a gzip or zlib header.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    }

    deinit { inflateEnd(&stream) }

    /// What `input`, the next compressed block, inflates to; a failure when it is not gzip data.
    func inflate(_ input: [UInt8]) -> Result<[UInt8], GzipError> {
        var inflated: [UInt8] = []
        var input = input
        return input.withUnsafeMutableBufferPointer { source -> Result<[UInt8], GzipError> in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            // Until the input is used up and zlib holds no more output (a full buffer may leave some).
            repeat {
                let status = output.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                inflated += output[..<(output.count - Int(stream.avail_out))]
                switch status {
                case Z_OK:
                    isAtMemberEnd = false
                case Z_BUF_ERROR:
                    // No progress: fine when the input is used up (more comes with the next block).
                    guard stream.avail_in == 0 else { return .failure(GzipError(reason: "corrupt gzip data: no progress")) }
                    return .success(inflated)
                case Z_STREAM_END:
                    // The next member (or trailing bytes, which the reset stream then rejects).
                    isAtMemberEnd = true
                    inflateReset(&stream)
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    return .failure(GzipError(reason: "corrupt gzip data: \(message)"))
                }
            } while stream.avail_in > 0 || stream.avail_out == 0
            return .success(inflated)
        }
    }
}

extension GzipInflater {
    /// Whether `bytes` start as gzip data does.
    static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x1F, 0x8B])
    }

    /// All of `bytes`, inflated.
    static func inflateAll(_ bytes: [UInt8]) -> Result<[UInt8], GzipError> {
        guard let inflater = GzipInflater() else { return .failure(.outOfMemory) }
        switch inflater.inflate(bytes) {
        case .success(let text):
            return inflater.isAtMemberEnd ? .success(text) : .failure(.truncated)
        case .failure(let error):
            return .failure(error)
        }
    }
}

/// Why compressed data could not be read, as the reason in "Cannot read PATH (reason)".
struct GzipError: Error, Equatable {
    var reason: String

    static let truncated = GzipError(reason: "its gzip data ends early, as a cut-short download does")
    static let outOfMemory = GzipError(reason: "no memory to inflate its gzip data")
}
