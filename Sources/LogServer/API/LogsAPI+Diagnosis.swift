import FoundationEssentials
import Hummingbird
import LogClient
import LogDiagnosis

extension LogsAPI {
    /// `GET /api/deployments/{id}/diagnosis`: the likely cause of a failure, for the web app to
    /// show beside the logs. The same engine reads the same lines as `catwalk-logs <id> --diagnose
    /// --json` (the newest 1000 of every stream; the deployment's `error_message` when it has
    /// none yet), and `findings` holds the objects that command prints, most likely first:
    /// `{"deployment_id", "status", "lines", "findings": [{"category", "summary", "hint",
    /// "evidence": [{"line", "message"}]}]}`. `findings` is empty when nothing looks wrong; a
    /// failure with no known cause is one finding with `"category": null`. The same checks as
    /// the logs, in the same order: the user (401), the id (400), ownership (404).
    func diagnosis(_ request: Request, id text: String) async -> Response {
        let user: UserRecord
        switch await self.user(request) {
        case .success(let found): user = found
        case .failure(let error): return APIResponse.failure(error)
        }
        guard let id = PythonUUID.parse(text) else {
            return APIResponse.detail(APIResponse.invalidDeploymentID, status: .badRequest)
        }
        do {
            guard let deployment = try await directory.deployment(id, ownedBy: user.id) else {
                return APIResponse.detail(APIResponse.deploymentNotVisible, status: .notFound)
            }
            var messages = try await repository.newest(deployment: id, limit: LogRepository.retainedLines, stream: nil).map(\.message)
            if messages.isEmpty, let errorMessage = deployment.errorMessage { messages = [errorMessage] }
            let input = DiagnosisInput(messages: messages)
            let findings = DiagnosisReport.jsonObjects(input.diagnosis(failed: deployment.status == "failed"), lines: input.lines)
            return APIResponse.json(JSONText.object([
                ("deployment_id", JSONText.string(id.uuidString.lowercased())),
                ("status", JSONText.string(deployment.status)),
                ("lines", "\(input.lines.count)"),
                ("findings", JSONText.array(findings)),
            ]))
        } catch {
            return APIResponse.databaseUnavailable()
        }
    }
}
