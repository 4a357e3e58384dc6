#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LogClient

/// Fetches a deployment's lines once and writes them in the chosen format.
struct LogsCommandRunner {
    let command: CatwalkLogs

    /// Runs the command and returns the exit status; every failure has been reported.
    func run() async -> ExitStatus {
        let environment = ProcessEnvironment.current
        guard let deploymentID = DeploymentID.normalized(command.deploymentID) else {
            return fail(LogClientError.invalidDeploymentID(command.deploymentID))
        }
        let endpoint: CatwalkEndpoint
        do {
            endpoint = try command.connection.endpoint(environment: environment, warn: StandardError.write)
        } catch let error as LogClientError {
            return fail(error)
        } catch {
            StandardError.report("\(error)")
            return .usage
        }

        var transportConfiguration = CurlTransport.Configuration(userAgent: CatwalkLogsVersion.userAgent)
        transportConfiguration.totalTimeoutSeconds = command.connection.timeout
        let backend = CatwalkBackend(endpoint: endpoint,
                                     transport: RetryingTransport(CurlTransport(configuration: transportConfiguration)))
        let query = LogQuery(deploymentID: deploymentID, limit: command.limit, stream: command.stream)

        let logs: DecodedLogs
        do {
            logs = try await backend.fetchLogs(query)
        } catch {
            return fail(error)
        }
        if logs.skippedCount > 0 {
            StandardError.report("warning: skipped \(logs.skippedCount) malformed log \(logs.skippedCount == 1 ? "entry" : "entries") in the response.")
        }
        if logs.entries.isEmpty {
            StandardError.report("no log lines yet for deployment \(deploymentID).")
        }
        write(logs.entries, environment: environment)
        return .success
    }

    private func write(_ entries: [LogEntry], environment: [String: String]) {
        let stdout = OutputStream.standardOutput
        var text = ""
        text.reserveCapacity(entries.count * 120)
        if command.output.json {
            let formatter = JSONLineFormatter()
            for entry in entries { formatter.append(entry, to: &text) }
        } else {
            let colored = command.output.color.resolve(isTerminal: stdout.isTerminal, environment: environment)
            let formatter = PlainFormatter(showsTimestamps: !command.output.noTimestamps,
                                           theme: ANSITheme(enabled: colored))
            for entry in entries { formatter.append(entry, to: &text) }
        }
        stdout.write(text)   // a closed pipe ends output quietly: nothing more to say
    }

    private func fail(_ error: LogClientError) -> ExitStatus {
        StandardError.report(error.userMessage)
        return error.exitStatus
    }
}

/// The process environment as a dictionary, read without Foundation.
enum ProcessEnvironment {
    static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let pair = String(cString: entry)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
