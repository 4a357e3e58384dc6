import Foundation
import Testing
import TestSupport

/// `https://` and `wss://` for real: the stand-in behind socat terminating TLS with a
/// self-signed certificate for localhost and 127.0.0.1, trusted only through `--cacert`.
@Suite struct TLSEndToEndTests {
    let server: StandInServer
    let directory: String
    let port: String

    init() throws {
        server = try StandInServer()
        directory = server.cacheHome + "-tls"
        let standInPort = server.baseURL.split(separator: ":").last.map(String.init) ?? ""
        let started = try ProcessRunner.shell("""
            set -e
            mkdir -p '\(directory)' && cd '\(directory)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1 \
                -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
            port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
            socat OPENSSL-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork,cert=cert.pem,key=key.pem,verify=0 \
                TCP:127.0.0.1:\(standInPort) >/dev/null 2>&1 &
            echo $! > socat.pid
            for i in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done
            echo $port
            """)
        port = started.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func stop() {
        _ = try? ProcessRunner.shell("kill $(cat '\(directory)/socat.pid') 2>/dev/null; rm -rf '\(directory)'")
    }

    private func environment(host: String = "localhost") -> [String: String] {
        server.clientEnvironment.merging(["CATWALK_API_URL": "https://\(host):\(port)"]) { $1 }
    }

    /// Follows through TLS with the test's CA; returns stderr's lines and stdout's, after one line was stored.
    private func follow(host: String) throws -> (notices: String, lines: [String]) {
        let deployment = StandInServer.Scenario.ticktick.id
        let client = try BackgroundClient([deployment, "-f", "-n", "1", "--no-timestamps", "--cacert", "'\(directory)/cert.pem'"],
                                          environment: environment(host: host), filesNear: directory)
        try? client.waitUntil("following, and the backlog", seconds: 15) {
            $0.stderrLines.contains { $0.contains("following the Catwalk backend") } && !$0.stdoutLines.isEmpty
        }
        try server.post("/_stand-in/deployments/\(deployment)/logs",
                        json: "{\"logs\": [{\"stream\": \"stdout\", \"message\": \"over tls\"}]}")
        try? client.waitUntil("the new line") { $0.stdoutLines.count >= 2 }
        return (client.stderrLines.joined(separator: "\n"), client.stdoutLines)
    }

    @Test func followsOverWSSWithTheGivenCA() throws {
        defer { stop() }
        let (notices, lines) = try follow(host: "localhost")
        #expect(notices.contains("following the Catwalk backend at https://localhost:\(port) live (WebSocket stream"))
        #expect(lines == ["stdout GET /status 200 OK (1.2 ms)", "stdout over tls"])
    }

    /// The WebSocket client cannot do TLS to an address (it sends it as SNI): polling takes over at once.
    @Test func anAddressInsteadOfAHostNamePollsOverHTTPS() throws {
        defer { stop() }
        let (notices, lines) = try follow(host: "127.0.0.1")
        #expect(notices.contains("by polling every 2 s (no live stream: the WebSocket client cannot use TLS with an IP address"))
        #expect(lines == ["stdout GET /status 200 OK (1.2 ms)", "stdout over tls"])
    }

    @Test func anUntrustedCertificateIsRefused() throws {
        defer { stop() }
        let result = try server.runClient([StandInServer.Scenario.ticktick.id, "--no-cache"], environment: environment())
        #expect(result.status == 5)
        #expect(result.stderr.lowercased().contains("certificate"), "stderr: \(result.stderr)")
    }

    /// `--api https://…` against a backend that speaks plain HTTP: a sentence that says so.
    /// A server that answers the TLS greeting in HTTP (Python's http.server) is named as such;
    /// one that just hangs up (the stand-in) gets the hint among the TLS failure's causes.
    @Test func httpsToAPlainHTTPServerSaysToUseHTTP() throws {
        let id = StandInServer.Scenario.npm404.id
        let hangsUp = try server.runClient([id, "--api", "https://" + server.baseURL.replacing("http://", with: "")])
        #expect(hangsUp.status == 5)
        #expect(hangsUp.stderr.contains("one that serves plain HTTP needs http://"), "\(hangsUp.stderr)")
        let started = try ProcessRunner.shell("""
            cd '\(directory)'
            port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
            python3 -m http.server $port --bind 127.0.0.1 >/dev/null 2>&1 &
            echo $! > http.pid
            for i in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done
            echo $port
            """)
        defer { _ = try? ProcessRunner.shell("kill $(cat '\(directory)/http.pid')") }
        let httpPort = started.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let answers = try server.runClient([id, "--api", "https://127.0.0.1:\(httpPort)"])
        #expect(answers.status == 5)
        #expect(answers.stderr.contains("The server at 127.0.0.1 answered in plain HTTP, not TLS: give --api (or CATWALK_API_URL) an http:// URL."),
                "\(answers.stderr)")
    }

    @Test func anUnreadableCAFileIsAUsageError() throws {
        defer { stop() }
        let result = try server.runClient([StandInServer.Scenario.ticktick.id, "--cacert", directory + "/missing.pem"],
                                          environment: environment())
        #expect(result.status == 2)
        #expect(result.stderr.contains("The CA file \(directory)/missing.pem cannot be read"))
    }
}
