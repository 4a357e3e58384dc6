import ArgumentParser
import LogClient
import LogText

/// `catwalk-logs list`: the signed-in user's deployments as the backend lists them, to find
/// the name or id to read (`kubectl get`, `fly apps list`).
struct ListCommand: StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List your deployments: name, status, id and age (one JSON object each with --json)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var request: RequestOptions

    @Flag(help: "One JSON object per deployment (NDJSON): id, name, status, created_at, error_message.")
    var json = false

    func execute() async -> ExitStatus {
        let environment = ProcessEnvironment.current
        // Their defaults: the list is the backend's alone (no Fly, no cache).
        guard let fly = try? FlyOptions.parse([]), let cache = try? CacheOptions.parse([]) else { return .usage }
        let settings = SessionSettings(deploymentID: nil, connection: connection, requestTimeout: request.timeout,
                                       fly: fly, cache: cache, file: nil, poll: false, plan: .wholeWindow)
        let deployments: [DeploymentSummary]
        do throws(LogClientError) {
            deployments = try await SourceFactory(settings: settings, environment: environment).deployments()
        } catch {
            return fail(error)
        }
        if deployments.isEmpty {
            StandardError.report("no deployments yet at \(connection.baseURL(environment: environment)).")
            return .success
        }
        OutputStream.standardOutput.write(json ? Self.ndjson(deployments) : Self.table(deployments, now: .now()))
        return .success
    }

    /// Aligned columns; names and statuses are the backend's text, so they are sanitised.
    static func table(_ deployments: [DeploymentSummary], now: LogTimestamp) -> String {
        let rows = [["NAME", "STATUS", "ID", "AGE"]] + deployments.map { deployment in
            [TerminalSanitizer.sanitize(deployment.name), TerminalSanitizer.sanitize(deployment.status), deployment.id,
             deployment.createdAt.map { ageDescription(of: $0, now: now) } ?? "-"]
        }
        return aligned(rows)
    }

    static func ndjson(_ deployments: [DeploymentSummary]) -> String {
        deployments.map { deployment in
            var text = "{\"id\":"
            JSONString.append(deployment.id, to: &text)
            text += ",\"name\":"
            JSONString.append(deployment.name, to: &text)
            text += ",\"status\":"
            JSONString.append(deployment.status, to: &text)
            text += ",\"created_at\":"
            if let created = deployment.createdAt { JSONString.append(created.rfc3339Milliseconds, to: &text) } else { text += "null" }
            text += ",\"error_message\":"
            if let message = deployment.errorMessage { JSONString.append(message, to: &text) } else { text += "null" }
            return text + "}\n"
        }.joined()
    }
}
