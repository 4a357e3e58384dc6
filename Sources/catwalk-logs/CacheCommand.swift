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
        static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per cached deployment, in aligned columns.")

        func execute() async -> ExitStatus {
            let cache: LogCache, summaries: [CacheSummary]
            do {
                cache = try openCache()
                summaries = try cache.summaries()
            } catch {
                return fail(.cache(error))
            }
            let names = Dictionary(cache.titles().map { ($0.id, $0.name) }) { first, _ in first }
            let rows = summaries.map { summary in
                [names[summary.key.deploymentID] ?? "-", summary.key.deploymentID, summary.key.source,
                 String(summary.lineCount), summary.newestLine?.rfc3339Milliseconds ?? "-",
                 summary.updatedAt.rfc3339Milliseconds, byteCount(summary.messageBytes)]
            }
            let header = ["NAME", "DEPLOYMENT", "SOURCE", "LINES", "NEWEST LINE", "UPDATED", "SIZE"]
            OutputStream.standardOutput.write(aligned([header] + rows))
            return .success
        }
    }

    struct Clear: StatusCommand {
        static let configuration = CommandConfiguration(commandName: "clear", abstract: "Forget one deployment's lines, or everything.")

        @Argument(help: "Only this deployment, by id or name (default: every cached deployment).")
        var deployment: String?

        func execute() async -> ExitStatus {
            do {
                let cache = try openCache()
                guard let deployment else {
                    report(cleared: try cache.clear(deploymentID: nil))
                    return .success
                }
                let id = try DeploymentID.normalized(deployment) ?? DeploymentNames.resolve(deployment, among: cache.titles())
                let count = try cache.clear(deploymentID: id)
                guard count > 0 else { return fail(.nothingCached(deployment)) }
                report(cleared: count)
                return .success
            } catch let error as CacheProblem {
                return fail(.cache(error))
            } catch let error as LogClientError {
                return fail(error)
            } catch {
                return fail(.cache(.unusable(path: "?", reason: "\(error)")))
            }
        }

        private func report(cleared count: Int) {
            StandardError.report("cleared \(count) cached \(count == 1 ? "history" : "histories").")
        }
    }

    struct Path: StatusCommand {
        static let configuration = CommandConfiguration(commandName: "path", abstract: "Print the cache file's path.")

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

/// Rows of cells in columns as wide as their widest cell, two spaces apart.
func aligned(_ rows: [[String]]) -> String {
    let widths = rows.reduce(into: [Int]()) { widths, row in
        for (column, cell) in row.enumerated() {
            if column < widths.count { widths[column] = max(widths[column], cell.count) } else { widths.append(cell.count) }
        }
    }
    return rows.map { row in
        var line = ""
        for (column, cell) in row.enumerated() {
            line += column == row.count - 1 ? cell : cell.padding(toLength: widths[column] + 2)
        }
        return line + "\n"
    }.joined()
}

/// `1.2 MiB`, `340 KiB`, `12 B`.
private func byteCount(_ bytes: Int) -> String {
    if bytes >= 1 << 20 { return "\(bytes * 10 / (1 << 20) / 10).\(bytes * 10 / (1 << 20) % 10) MiB" }
    if bytes >= 1 << 10 { return "\(bytes / (1 << 10)) KiB" }
    return "\(bytes) B"
}
