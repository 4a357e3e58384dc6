import FlyingFox
import FlyingSocks
import Foundation

/// A failure the stand-in plays instead of (or on top of) a normal answer.
enum Fault: Sendable, Equatable {
    /// Answer this status with a FastAPI-style JSON body.
    case status(Int)
    /// 429 with `Retry-After: seconds`.
    case rateLimit(retryAfterSeconds: Int)
    /// Wait, then answer normally.
    case delay(milliseconds: Int)
    /// 502 with an HTML page, as Fly's proxy sends while an app restarts.
    case htmlBadGateway
    /// 200 with a body that is not valid JSON.
    case malformedJSON
    /// 200 with a complete HTTP message whose JSON stops half way.
    case truncatedBody
    /// The connection closes half way through the body.
    case connectionReset
    /// Fly's older shape: the page's attributes as newline-delimited JSON objects.
    case flyNDJSON
    /// The plan's machines-endpoint shape: `TIMESTAMP STREAM MESSAGE` lines.
    case flyTextLines
    /// The normal answer padded with spaces (still valid JSON) to exactly this many bytes.
    case paddedBody(bytes: Int)
    /// 200 with this many log entries, each malformed in one of several ways.
    case malformedEntries(count: Int)
    /// 200 with invalid UTF-8 in the timestamp, the stream and the message of its entries.
    case invalidUTF8
    /// The normal answer, one byte a second.
    case trickle

    /// Reads a fault from the JSON object the `/_stand-in/faults` route takes.
    init?(kind: String, status: Int?, seconds: Int?, milliseconds: Int?, size: Int?) {
        switch kind {
        case "padded-body": self = .paddedBody(bytes: size ?? 1024)
        case "malformed-entries": self = .malformedEntries(count: size ?? 1)
        case "invalid-utf8": self = .invalidUTF8
        case "trickle": self = .trickle
        case "status": self = .status(status ?? 500)
        case "rate-limit": self = .rateLimit(retryAfterSeconds: seconds ?? 1)
        case "delay": self = .delay(milliseconds: milliseconds ?? 1000)
        case "html-502": self = .htmlBadGateway
        case "malformed-json": self = .malformedJSON
        case "truncated-body": self = .truncatedBody
        case "reset": self = .connectionReset
        case "fly-ndjson": self = .flyNDJSON
        case "fly-text": self = .flyTextLines
        default: return nil
        }
    }

    /// Plays the fault: `normal` builds the answer the route would give without it.
    func respond(normal: () async throws -> HTTPResponse) async throws -> HTTPResponse {
        switch self {
        case .status(let status):
            return FastAPIResponse.detail(status: status, "Injected failure \(status)")
        case .rateLimit(let seconds):
            var response = FastAPIResponse.detail(status: 429, "Too Many Requests")
            response.headers[HTTPHeader("Retry-After")] = String(seconds)
            return response
        case .delay(let milliseconds):
            try await Task.sleep(for: .milliseconds(milliseconds))
            return try await normal()
        case .htmlBadGateway:
            let page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
                + "<body><h1>502 Bad Gateway</h1><p>fly-proxy: could not reach the app</p></body></html>\n"
            return HTTPResponse(statusCode: HTTPStatusCode(502, phrase: "Bad Gateway"),
                                headers: [.contentType: "text/html; charset=utf-8"], body: Data(page.utf8))
        case .malformedJSON:
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"],
                                body: Data("{\"logs\": [1, 2,, ]}".utf8))
        case .truncatedBody:
            var response = try await normal()
            let body = try await response.bodyData
            response.payload = .httpBody(HTTPBodySequence(data: body.prefix(body.count / 2)))
            return response
        case .flyNDJSON, .flyTextLines:
            return try await olderFlyShape(of: normal())
        case .paddedBody, .malformedEntries, .invalidUTF8, .trickle:
            return try await hostileBody(normal: normal)
        case .connectionReset:
            var response = try await normal()
            let body = try await response.bodyData
            response.headers[.contentLength] = String(body.count)
            response.payload = .httpBody(HTTPBodySequence(from: BrokenBody(bytes: [UInt8](body.prefix(body.count / 2))),
                                                          count: body.count))
            return response
        }
    }
}

extension Fault {
    /// A Fly JSON:API page rewritten in an older shape: NDJSON of the attributes, or the
    /// plan's `TIMESTAMP STREAM MESSAGE` text lines.
    private func olderFlyShape(of normal: HTTPResponse) async throws -> HTTPResponse {
        var response = normal
        let page = try JSONSerialization.jsonObject(with: try await response.bodyData) as? [String: Any]
        let attributes = (page?["data"] as? [[String: Any]] ?? []).compactMap { $0["attributes"] as? [String: Any] }
        let lines: [String] = try attributes.map { item in
            if self == .flyNDJSON {
                return String(decoding: try JSONSerialization.data(withJSONObject: item), as: UTF8.self)
            }
            let stream = item["level"] as? String == "error" ? "stderr" : "stdout"
            return "\(item["timestamp"] ?? "") \(stream) \(item["message"] ?? "")"
        }
        response.headers[.contentType] = self == .flyNDJSON ? "application/x-ndjson" : "text/plain"
        response.payload = .httpBody(HTTPBodySequence(data: Data((lines.joined(separator: "\n") + "\n").utf8)))
        return response
    }
}

extension Fault {
    /// The answers of the faults that test the client's limits on what it reads.
    private func hostileBody(normal: () async throws -> HTTPResponse) async throws -> HTTPResponse {
        switch self {
        case .paddedBody(let bytes):
            var response = try await normal()
            let body = try await response.bodyData
            response.payload = .httpBody(HTTPBodySequence(data: body + Data(repeating: 0x20, count: max(0, bytes - body.count))))
            return response
        case .malformedEntries(let count):
            let shapes = [#"{"timestamp": "not a time", "stream": "stdout", "message": "bad time"}"#,
                          #"{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdin", "message": "bad stream"}"#,
                          #"{"timestamp": "2026-11-28T12:00:00Z", "stream": "stdout"}"#, #"["not", "an", "object"]"#]
            let entries = (0..<count).map { shapes[$0 % shapes.count] }.joined(separator: ",")
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"],
                                body: Data("{\"logs\": [\(entries)]}".utf8))
        case .invalidUTF8:
            // Invalid bytes in the first entry's timestamp, the second's stream, the third's message.
            let parts = [#"{"logs": [{"timestamp": "2026-11-28T12:00:00"#,
                         #"Z", "stream": "stdout", "message": "a"}, {"timestamp": "2026-11-28T12:00:01Z", "stream": "std"#,
                         #"out", "message": "b"}, {"timestamp": "2026-11-28T12:00:02Z", "stream": "stderr", "message": "c"#,
                         #"d"}]}"#]
            let body = Data(parts.map { Data($0.utf8) }.joined(separator: Data([0xFF, 0xC3])))
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: body)
        default:
            var response = try await normal()
            let body = try await response.bodyData
            response.payload = .httpBody(HTTPBodySequence(from: TrickleBody(bytes: [UInt8](body)), count: body.count))
            return response
        }
    }
}

/// Queued faults: each request to the API takes the next one.
actor FaultInjector {
    private var queue: [Fault] = []

    /// Queues `fault` for the next `count` requests.
    func add(_ fault: Fault, count: Int) {
        queue += Array(repeating: fault, count: max(count, 0))
    }

    /// Forgets every queued fault.
    func clear() { queue.removeAll() }

    /// The fault for the request being handled, if any.
    func next() -> Fault? {
        queue.isEmpty ? nil : queue.removeFirst()
    }
}

/// A body that yields its bytes, then fails: the server then drops the connection.
private struct BrokenBody: AsyncBufferedSequence {
    typealias Element = UInt8
    let bytes: [UInt8]

    func makeAsyncIterator() -> Iterator { Iterator(remaining: bytes) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var remaining: [UInt8]
        var sent = false

        mutating func next() async throws -> UInt8? {
            guard !remaining.isEmpty else { throw CancellationError() }
            return remaining.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            guard !sent else { throw CancellationError() }
            sent = true
            return remaining
        }
    }
}

/// A body that sends one byte a second, as a stalled link or a hostile server would.
private struct TrickleBody: AsyncBufferedSequence {
    typealias Element = UInt8
    let bytes: [UInt8]

    func makeAsyncIterator() -> Iterator { Iterator(remaining: bytes[...]) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var remaining: ArraySlice<UInt8>

        mutating func next() async throws -> UInt8? {
            guard let byte = remaining.popFirst() else { return nil }
            try await Task.sleep(for: .seconds(1))
            return byte
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            try await next().map { [$0] }
        }
    }
}
