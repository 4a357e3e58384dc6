import Foundation
import Testing
import TestSupport

/// The API's answers, sentence for sentence the backend's: auth, ownership, validation.
@Suite struct APIEndToEndTests {
    static let audience = "catwalk-live-backend"

    @Test func theAuthMatrix() async throws {
        let stack = try ServerStack(environment: ["AUTH_JWT_AUDIENCE": Self.audience])
        let mine = try stack.createDeployment()
        let otherUser = UUID().uuidString.lowercased()
        try stack.sql("INSERT INTO users (id, email) VALUES ('\(otherUser)', 'grace@example.com')")
        let theirs = try stack.createDeployment(owner: otherUser)
        let path = "/api/deployments/\(mine.id)/logs"
        func detail(_ answer: (status: Int, body: String)) -> String {
            ((try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any])?["detail"] as? String ?? answer.body
        }
        let none = try stack.logd.get(path)
        #expect(none.status == 401 && detail(none) == "Not authenticated")
        let good = try await stack.token(audience: Self.audience)
        #expect(try stack.logd.get(path, token: good).status == 200)
        let badSignature = try await stack.token(audience: Self.audience, secret: "not-the-secret-not-the-secret-xx")
        let signature = try stack.logd.get(path, token: badSignature)
        #expect(signature.status == 401 && detail(signature) == "Invalid token: InvalidSignatureError")
        let expired = try stack.logd.get(path, token: try await stack.token(expiresIn: -61, audience: Self.audience))
        #expect(expired.status == 401 && detail(expired) == "Token has expired. Please log in again.")
        #expect(try stack.logd.get(path, token: try await stack.token(expiresIn: -50, audience: Self.audience)).status == 200,
                "within the 60 s leeway")
        let audience = try stack.logd.get(path, token: try await stack.token(audience: "someone-else"))
        #expect(audience.status == 401 && detail(audience) == "Invalid token: InvalidAudienceError")
        let unknown = try stack.logd.get(path, token: try await stack.token(email: "nobody@example.com", audience: Self.audience))
        #expect(unknown.status == 401 && detail(unknown) == "Unauthorized")
        let mismatch = try stack.logd.get(path, token: try await stack.token(email: "grace@example.com", subject: stack.user,
                                                                             audience: Self.audience))
        #expect(mismatch.status == 401 && detail(mismatch) == "Unauthorized", "sub names Ada, email names Grace")
        let notUUID = try stack.logd.get(path, token: try await stack.token(subject: "github|42", audience: Self.audience))
        #expect(notUUID.status == 200, "a sub that is not a UUID: the email decides")
        let someoneElses = try stack.logd.get("/api/deployments/\(theirs.id)/logs", token: good)
        #expect(someoneElses.status == 404 && detail(someoneElses) == "Deployment not found or you don't have permission to access it")
        let missing = try stack.logd.get("/api/deployments/\(UUID().uuidString)/logs", token: good)
        #expect(missing.status == 404 && detail(missing) == detail(someoneElses), "unknown and someone else's: one answer")
        // The diagnosis is checked as the logs are, in the same order.
        let diagnosis = "/api/deployments/\(mine.id)/diagnosis"
        #expect(try stack.logd.get(diagnosis).status == 401)
        #expect(try stack.logd.get(diagnosis, token: try await stack.token(expiresIn: -61, audience: Self.audience)).status == 401)
        #expect(try stack.logd.get(diagnosis, token: good).body.contains(#""findings":[]"#), "nothing looks wrong in no lines")
        let theirDiagnosis = try stack.logd.get("/api/deployments/\(theirs.id)/diagnosis", token: good)
        #expect(theirDiagnosis.status == 404 && detail(theirDiagnosis) == detail(someoneElses))
        let badID = try stack.logd.get("/api/deployments/not-a-uuid/diagnosis", token: good)
        #expect(badID.status == 400 && detail(badID) == "Invalid deployment ID format")
        #expect(!stack.logd.log.contains(good) && !stack.logd.log.contains(LogdServer.authSecret))
    }

    @Test func badInputIsTheBackendsFourHundreds() async throws {
        let stack = try ServerStack()
        let deployment = try stack.createDeployment()
        let token = try await stack.token()
        let path = "/api/deployments/\(deployment.id)/logs"
        for query in ["limit=0", "limit=1001", "limit=abc", "stream=both"] {
            let answer = try stack.logd.get(path + "?" + query, token: token)
            #expect(answer.status == 422, "\(query)")
            let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: [[String: Any]]]
            #expect(object?["detail"]?.first?["loc"] as? [String] == ["query", query.hasPrefix("limit") ? "limit" : "stream"])
        }
        let badID = try stack.logd.get("/api/deployments/not-a-uuid/logs", token: token)
        #expect(badID.status == 400 && badID.body == #"{"detail":"Invalid deployment ID format"}"#)
        #expect(try stack.logd.get(path + "?limit=1000&stream=stderr", token: token).body == #"{"logs":[]}"#)
    }

    @Test func theDeploymentListHasNoSecretAndHealthSaysWhatIsUp() async throws {
        let stack = try ServerStack()
        let deployment = try stack.createDeployment(name: "github-mcp", status: "failed")
        try stack.sql("UPDATE deployments SET error_message = 'exit code 1' WHERE id = '\(deployment.id)'")
        let secret = try stack.sql("SELECT access_token FROM deployments WHERE id = '\(deployment.id)'")
        let list = try stack.logd.get("/api/deployments", token: try await stack.token())
        #expect(list.status == 200 && !list.body.contains(secret))
        let items = try JSONSerialization.jsonObject(with: Data(list.body.utf8)) as? [[String: Any]]
        #expect(items?.count == 1)
        #expect(items?.first?["name"] as? String == "github-mcp" && items?.first?["status"] as? String == "failed")
        #expect(items?.first?["machine_id"] as? String == deployment.machine && items?.first?["error_message"] as? String == "exit code 1")
        #expect(items?.first?["access_token"] == nil)
        // No line yet: the diagnosis reads the error_message, as --diagnose does.
        let diagnosis = try stack.logd.get("/api/deployments/\(deployment.id)/diagnosis", token: try await stack.token())
        let object = try JSONSerialization.jsonObject(with: Data(diagnosis.body.utf8)) as? [String: Any]
        let finding = (object?["findings"] as? [[String: Any]])?.first
        #expect(object?["lines"] as? Int == 1 && finding?.keys.contains("category") == true, "\(diagnosis.body)")
        #expect((finding?["evidence"] as? [[String: Any]])?.first?["message"] as? String == "exit code 1", "\(diagnosis.body)")
        let waited = try stack.runClient(["wait", "github-mcp", "--timeout", "20"], token: try await stack.token())
        #expect(waited.status == 7, "wait reads the failed status by name: \(waited.stderr)")
        try stack.writeToFly(deployment: deployment.id, machine: deployment.machine, [(stream: "stderr", message: "exit code 1")])
        try stack.waitForStored(deployment.id, count: 1)
        let health = try stack.logd.get("/api/health")
        #expect(health.status == 200 && health.body.contains(#""status":"healthy""#) && health.body.contains(#""database":"reachable""#))
        #expect(health.body.contains(#""status":"keeping up""#) && health.body.contains(#""replicas":1"#), "\(health.body)")
        let metrics = try stack.logd.get("/metrics")
        #expect(metrics.status == 200 && metrics.body.contains("# TYPE catwalk_logd_lines_stored_total counter"))
        #expect(metrics.body.contains(#"catwalk_logd_fly_requests_total{status="200"}"#), "\(metrics.body)")
        #expect(metrics.body.contains("catwalk_logd_lines_stored_total 1") && metrics.body.contains("catwalk_logd_deployments_owned 1.0") && metrics.body.contains("catwalk_logd_collector_lag_seconds"))
    }

    /// A browser's way in: the token in `?token=` (it cannot set the upgrade's headers).
    @Test func aBrowserStreamsWithTheTokenInTheQuery() async throws {
        let stack = try ServerStack()
        let mine = try stack.createDeployment()
        let otherUser = UUID().uuidString.lowercased()
        try stack.sql("INSERT INTO users (id, email) VALUES ('\(otherUser)', 'grace@example.com')")
        let theirs = try stack.createDeployment(owner: otherUser)
        let token = try await stack.token()
        let port = String(stack.logd.baseURL.split(separator: ":").last ?? "")
        func probe(_ path: String, seconds: Double = 5) throws -> [String] {
            try ProcessRunner.run("/usr/bin/env", ["python3", PostgresCluster.fixture("websocket-probe.py"), "127.0.0.1", port,
                                                   path, String(seconds)]).stdoutLines
        }
        let bad = try probe("/api/deployments/\(mine.id)/logs/stream?token=not-a-jwt")
        #expect(bad.contains { $0.hasPrefix("close 1008 Invalid token") }, "\(bad)")
        let others = try probe("/api/deployments/\(theirs.id)/logs/stream?token=\(token)")
        #expect(others.contains { $0.hasPrefix("close 4404 Deployment not found") }, "\(others)")
        // The probe runs in the background; the line is written once the stream is open (the
        // metrics count it), and the probe stops at its first text message.
        let output = NSTemporaryDirectory() + "websocket-probe-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = try ProcessRunner.shell("python3 '\(PostgresCluster.fixture("websocket-probe.py"))' 127.0.0.1 \(port)"
                                    + " '/api/deployments/\(mine.id)/logs/stream?token=\(token)' 60 > '\(output)' 2>&1 &")
        try waitUntil("the live stream to open", seconds: 30) {
            (try? stack.logd.get("/metrics").body.contains("catwalk_logd_live_streams 1")) == true
        }
        try stack.writeToFly(deployment: mine.id, machine: mine.machine, [(stream: "stderr", message: "to the browser")])
        try? waitUntil("the line to reach the browser", seconds: 30) {
            fileLines(output).contains { $0.hasPrefix("text ") || $0.hasPrefix("close ") }
        }
        let live = fileLines(output)
        #expect(live.first == "status 101")
        #expect(live.contains { $0.hasPrefix("text ") && $0.contains(#""stream":"stderr","message":"to the browser""#) }, "\(live)")
        #expect(!stack.logd.log.contains(token), "the query's token is never logged")
    }

    @Test func theLiveStreamRefusesBadTokensAndOthersDeployments() async throws {
        let stack = try ServerStack()
        let otherUser = UUID().uuidString.lowercased()
        try stack.sql("INSERT INTO users (id, email) VALUES ('\(otherUser)', 'grace@example.com')")
        let theirs = try stack.createDeployment(owner: otherUser)
        let token = try await stack.token()
        let refused = try stack.runClient([theirs.id, "-f", "--plain"], token: token)
        #expect(refused.status != 0 && refused.stderr.lowercased().contains("not found"), "\(refused.stderr)")
        let badToken = try stack.runClient([theirs.id, "-f", "--plain"], token: "not-a-jwt")
        #expect(badToken.status != 0 && badToken.stderr.contains("Invalid token"), "\(badToken.stderr)")
    }
}
