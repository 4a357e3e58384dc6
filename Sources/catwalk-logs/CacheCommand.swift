import ArgumentParser
import LogClient

/// `catwalk-logs cache list|clear|path`: look after the local cache.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        _superCommandName: "catwalk-logs",
        abstract: "List, clear or locate the local cache of log lines.",
        subcommands: [List.self, Clear.self, Path.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per cached deployment.")

        func run() throws {
            let cache = try openCacheOrExit()
            let summaries = try reportingFailure { try cache.summaries() }
            var text = "SOURCE\tDEPLOYMENT\tLINES\tNEWEST LINE\tUPDATED\tSIZE\n"
            for summary in summaries {
                text += [summary.key.source, summary.key.deploymentID, String(summary.lineCount),
                         summary.newestLine?.rfc3339Milliseconds ?? "-", summary.updatedAt.rfc3339Milliseconds,
                         byteCount(summary.messageBytes)].joined(separator: "\t") + "\n"
            }
            OutputStream.standardOutput.write(text)
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget one deployment's lines, or everything.")

        @Argument(help: "Only this deployment (default: every cached deployment).")
        var deploymentID: String?

        func run() throws {
            let cache = try openCacheOrExit()
            let count = try reportingFailure { try cache.clear(deploymentID: deploymentID.map { DeploymentID.normalized($0) ?? $0 }) }
            StandardError.report("cleared \(count) cached \(count == 1 ? "deployment" : "deployments").")
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the cache file's path.")

        func run() {
            OutputStream.standardOutput.write(LogCache.defaultDirectory(environment: ProcessEnvironment.current)
                + "/cache.sqlite3\n")
        }
    }
}

private func openCacheOrExit() throws -> LogCache {
    do {
        let cache = try LogCache(directory: LogCache.defaultDirectory(environment: ProcessEnvironment.current))
        cache.notices.forEach(StandardError.report)
        return cache
    } catch {
        StandardError.report(error.reason + ".")
        throw ExitCode(ExitStatus.unavailable.rawValue)
    }
}

private func reportingFailure<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as CacheUnavailable {
        StandardError.report(error.reason + ".")
        throw ExitCode(ExitStatus.unavailable.rawValue)
    }
}

/// `1.2 MiB`, `340 KiB`, `12 B`.
private func byteCount(_ bytes: Int) -> String {
    if bytes >= 1 << 20 { return "\(bytes * 10 / (1 << 20) / 10).\(bytes * 10 / (1 << 20) % 10) MiB" }
    if bytes >= 1 << 10 { return "\(bytes / (1 << 10)) KiB" }
    return "\(bytes) B"
}
