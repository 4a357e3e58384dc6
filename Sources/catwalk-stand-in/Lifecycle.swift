import Foundation

/// A deployment's life, scripted for tests and demos of `catwalk-logs wait`: its status
/// (and its Fly machine's state) changes as its lines are stored, the way the backend's
/// deployment task and Fly's restart policy would change them.
enum Lifecycle: String, Decodable, Sendable {
    /// Starting, then running after `after` seconds.
    case comesUp = "comes-up"
    /// Starting, then npm's 404, the proxy's exit and the status failed after `after` seconds.
    case fails
    /// Running, while the server starts, crashes and is restarted every `after` seconds (ten times).
    case crashLoop = "crash-loop"

    /// Plays the script for a deployment in the background.
    @discardableResult
    func start(deploymentID: String, after seconds: Double, store: LogStore) -> Task<Void, Never> {
        Task {
            do {
                switch self {
                case .comesUp:
                    try await store.setStatus(of: deploymentID, to: "starting")
                    try await store.append(Self.lines(["Starting npm package: @catwalk-demo/weather-mcp", "Installing packages..."]),
                                           to: deploymentID)
                    try await Task.sleep(for: .seconds(seconds))
                    try await store.append(Self.lines(["Weather MCP Server running on stdio", "mcp-proxy listening on [::]:8080"]),
                                           to: deploymentID)
                    try await store.setStatus(of: deploymentID, to: "running")
                case .fails:
                    try await store.setStatus(of: deploymentID, to: "starting")
                    try await store.append(Self.lines(["Starting npm package: ghost-mcp", "Installing packages..."]), to: deploymentID)
                    try await Task.sleep(for: .seconds(seconds))
                    try await store.append(Self.lines(["npm error code E404",
                                                       "npm error 404 Not Found - GET https://registry.npmjs.org/ghost-mcp - Not found",
                                                       "mcp-proxy: child process exited with code 1"], stream: "stderr"),
                                           to: deploymentID)
                    try await store.setStatus(of: deploymentID, to: "failed",
                                              errorMessage: "Package 'ghost-mcp' not found in npm or PyPI registries.")
                case .crashLoop:
                    try await store.setStatus(of: deploymentID, to: "running")
                    for _ in 0..<10 {
                        try await store.append(Self.lines(["Starting npm package: crashy-mcp"]), to: deploymentID)
                        try await store.append(Self.lines(["TypeError: Cannot read properties of undefined (reading 'tools')",
                                                           "    at Server.start (/app/index.js:12:5)",
                                                           "mcp-proxy: child process exited with code 1"], stream: "stderr"),
                                               to: deploymentID)
                        try await Task.sleep(for: .seconds(seconds))
                    }
                }
            } catch {
                return
            }
        }
    }

    private static func lines(_ messages: [String], stream: String = "stdout") -> [StoredLine] {
        let now = Clock.nowMicros()
        return messages.enumerated().map { StoredLine(timestampMicros: now + Int64($0.offset), stream: stream, message: $0.element) }
    }
}
