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

    /// Reads a fault from the JSON object the `/_stand-in/faults` route takes.
    init?(kind: String, status: Int?, seconds: Int?, milliseconds: Int?) {
        switch kind {
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
