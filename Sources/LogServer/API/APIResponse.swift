import Hummingbird

/// Responses in FastAPI's shapes: JSON bodies, errors as `{"detail": …}`.
enum APIResponse {
    /// A JSON body (already JSON text).
    static func json(_ body: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// `{"detail": "<sentence>"}`.
    static func detail(_ sentence: String, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        json(JSONText.object([("detail", JSONText.string(sentence))]), status: status, headers: headers)
    }

    /// The backend's 401, with its `WWW-Authenticate: Bearer`.
    static func refused(_ failure: AuthFailure) -> Response {
        detail(failure.detail, status: .init(code: failure.status), headers: [.wwwAuthenticate: "Bearer"])
    }

    /// 503 when the database cannot answer: the CLI retries and says the service is unavailable.
    static func databaseUnavailable() -> Response {
        detail("The logs database is unavailable; try again shortly.", status: .serviceUnavailable, headers: [.retryAfter: "5"])
    }

    /// FastAPI's 422 for invalid query parameters.
    static func unprocessable(_ issues: [ValidationIssue]) -> Response {
        json(JSONText.object([("detail", JSONText.array(issues.map(\.json)))]), status: .unprocessableContent)
    }

    static func failure(_ error: AuthenticationError) -> Response {
        switch error {
        case .refused(let failure): return refused(failure)
        case .storage: return databaseUnavailable()
        }
    }

    /// The backend's sentences for a deployment id.
    static let invalidDeploymentID = "Invalid deployment ID format"
    static let deploymentNotVisible = "Deployment not found or you don't have permission to access it"
}
