import ArgumentParser
import LogClient

/// `catwalk-logs cache list|clear|path`: look after the local cache.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "List, clear or locate the local cache of log lines.",
        subcommands: [List.self, Clear.self, Path.self]
    )

    struct List: StatusCommand {
        static let configuration = CommandConfiguration(abstract: "One line per cached deployment.")

        func execute() async -> ExitStatus {
            let summaries: [CacheSummary]
            do { summaries = try openCache().summaries() } catch { return fail(.cache(error)) }
            var text = "SOURCE\tDEPLOYMENT\tLINES\tNEWEST LINE\tUPDATED\tSIZE\n"
            for summary in summaries {
                text += [summary.key.source, summary.key.deploymentID, String(summary.lineCount),
                         summary.newestLine?.rfc3339Milliseconds ?? "-", summary.updatedAt.rfc3339Milliseconds,
                         byteCount(summary.messageBytes)].joined(separator: "\t") + "\n"
            }
            OutputStream.standardOutput.write(text)
            return .success
        }
    }

    struct Clear: StatusCommand {
        static let configuration = CommandConfiguration(abstract: "Forget one deployment's lines, or everything.")

        @Argument(help: "Only this deployment (default: every cached deployment).")
        var deploymentID: String?

        func execute() async -> ExitStatus {
            let count: Int
            do {
                count = try openCache().clear(deploymentID: deploymentID.map { DeploymentID.normalized($0) ?? $0 })
            } catch {
                return fail(.cache(error))
            }
            StandardError.report("cleared \(count) cached \(count == 1 ? "deployment" : "deployments").")
            return .success
        }
    }

    struct Path: StatusCommand {
        static let configuration = CommandConfiguration(abstract: "Print the cache file's path.")

        func execute() async -> ExitStatus {
            OutputStream.standardOutput.write(LogCache.defaultDirectory(environment: ProcessEnvironment.current)
                + "/cache.sqlite3\n")
            return .success
        }
    }
}

/// The cache, with a warning for each problem it met and mended.
private func openCache() throws(CacheProblem) -> LogCache {
    let cache = try LogCache(directory: LogCache.defaultDirectory(environment: ProcessEnvironment.current))
    cache.problems.forEach { StandardError.report($0.sentence) }
    return cache
}

/// `1.2 MiB`, `340 KiB`, `12 B`.
private func byteCount(_ bytes: Int) -> String {
    if bytes >= 1 << 20 { return "\(bytes * 10 / (1 << 20) / 10).\(bytes * 10 / (1 << 20) % 10) MiB" }
    if bytes >= 1 << 10 { return "\(bytes / (1 << 10)) KiB" }
    return "\(bytes) B"
}
