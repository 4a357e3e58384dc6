import FlyingFox
import Foundation

/// JSON responses shaped like the FastAPI backend's.
enum FastAPIResponse {
    /// `{"detail": "text"}` with the given status.
    static func detail(status: Int, _ text: String) -> HTTPResponse {
        json(status: status, ["detail": text])
    }

    /// A pydantic v2 validation error (422) for one query parameter.
    static func validationError(parameter: String, type: String, message: String, input: String,
                                context: [String: Any]? = nil) -> HTTPResponse {
        var item: [String: Any] = ["type": type, "loc": ["query", parameter], "msg": message, "input": input]
        if let context { item["ctx"] = context }
        return json(status: 422, ["detail": [item]])
    }

    /// Any JSON-serialisable value with the given status.
    static func json(status: Int, _ value: Any) -> HTTPResponse {
        HTTPResponse(statusCode: HTTPStatusCode(status, phrase: phrase(status)),
                     headers: [.contentType: "application/json"], body: encoded(value))
    }

    /// A JSON-serialisable value as the backend writes it (slashes unescaped); `{}` if it is not one.
    static func encoded(_ value: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: value, options: [.withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    private static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status \(status)"
        }
    }
}
