import Foundation
import Testing
import TestSupport

/// What an operator meets: settings, migrations, a database that restarts, shutdown.
@Suite struct OperationsEndToEndTests {
    func logd(_ arguments: [String], environment: [String: String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRunner.product("catwalk-logd"), arguments, environment: environment)
    }

    @Test func migrateIsIdempotentAndTouchesNothingOfTheBackends() throws {
        let cluster = PostgresCluster.shared
        let url = try cluster.makeDatabase()
        let before = try cluster.psql(url, "SELECT version_num FROM alembic_version")
        for _ in 0..<2 {
            let result = try logd(["migrate"], environment: ["DATABASE_URL": url.replacingOccurrences(of: "postgres://", with: "postgresql+psycopg://")])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try cluster.psql(url, "SELECT version_num FROM alembic_version") == before)
        let tables = try cluster.psql(url, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")
        #expect(tables == "alembic_version,credentials,deployment_log_cursors,deployment_log_leases,deployment_log_replicas,deployment_logs,deployments,user_settings,users")
        let check = try cluster.psql(url, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'check_stream_type'")
        #expect(check.contains("stdout") && check.contains("stderr"))
        #expect(try cluster.psql(url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_deployment_logs_timestamp'") == "1")
    }

    @Test func badSettingsAreOneSentenceAndAnExitCode() throws {
        let missingSecret = try logd(["serve"], environment: ["DATABASE_URL": "postgres://u:hunter2@127.0.0.1:1/d"])
        #expect(missingSecret.status == 78 && missingSecret.stderr.contains("AUTH_SECRET is not set"))
        #expect(missingSecret.stderr.split(separator: "\n").count == 1 && !missingSecret.stderr.contains("hunter2"))
        let unreachable = try logd(["migrate"], environment: ["DATABASE_URL": "postgres://u:hunter2@127.0.0.1:1/d"])
        #expect(unreachable.status == 69 && unreachable.stderr.contains("Cannot use the database"), "\(unreachable.stderr)")
        #expect(!unreachable.stderr.contains("hunter2"))
        let notBackend = try logd(["migrate"], environment: ["DATABASE_URL": "postgres://postgres@127.0.0.1:\(PostgresCluster.shared.port)/postgres?sslmode=disable"])
        #expect(notBackend.status == 69 && notBackend.stderr.contains("no deployments table"), "\(notBackend.stderr)")
        let badPort = try logd(["serve", "--port", "70000"], environment: [:])
        #expect(badPort.status == 2 || badPort.status == 64, "\(badPort.status) \(badPort.stderr)")
        let version = try logd(["--version"], environment: [:])
        #expect(version.status == 0 && version.stdoutText.hasPrefix("0."))
    }

    @Test func aDatabaseRestartedUnderTwoReplicasLosesAndDoublesNothing() async throws {
        let cluster = try PostgresCluster()
        let stack = try ServerStack(cluster: cluster)
        let second = try stack.startReplica()
        let deployments = try (0..<4).map { _ in try stack.createDeployment() }
        for deployment in deployments {
            try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "before")])
            try stack.waitForStored(deployment.id, count: 1)
        }
        try cluster.stop()
        for deployment in deployments {
            try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "during")])
        }
        // Awaited, not slept on: the health check says so once the pool has noticed.
        try waitUntil("the health check to report the database down", seconds: 15) {
            (try? stack.logd.get("/api/health").status) == 503
        }
        let down = try stack.logd.get("/api/health")
        #expect(down.status == 503 && down.body.contains("unreachable"))
        try cluster.start()
        for deployment in deployments {
            try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stdout", message: "after")])
        }
        for deployment in deployments {
            try stack.waitForStored(deployment.id, count: 3, seconds: 60)
            #expect(try stack.storedMessages(deployment.id) == ["before", "during", "after"])
        }
        // Both answer healthy again once their pools have reconnected.
        try waitUntil("both replicas healthy", seconds: 15) {
            (try? stack.logd.get("/api/health").status) == 200 && (try? second.get("/api/health").status) == 200
        }
    }

    @Test func sigtermStopsItGracefully() throws {
        let stack = try ServerStack()
        stack.logd.stop()
        #expect(stack.logd.terminationStatus == 0, "\(stack.logd.log)")
        #expect(stack.logd.log.contains("\"message\":\"stopped\""))
    }
}
