import LogClient
import LogDiagnosis

extension FleetView {
    /// What the viewer's diagnosis found: the diagnosis, the indices (into the items) of the
    /// lines that prove it, and the deployment it speaks of when several are shown.
    struct Found {
        var diagnosis: Diagnosis
        var evidenceItems: [Int]
        var deployment: DeploymentTag?
    }

    /// The diagnosis of `items`: all of them with one deployment (`failed` when its status
    /// says so); with several, the deployment shown alone, or else the first, in order, with
    /// a failure in its lines (each is diagnosed on its own lines only).
    func diagnosis(of items: [CachedItem], failed: Bool) -> Found {
        guard isActive else { return Self.diagnosis(of: items, indices: Array(items.indices), failed: failed, about: nil) }
        for deployment in shown.map({ [$0] }) ?? deployments {
            let indices = items.indices.filter { items[$0].entry?.deployment?.id == deployment.id }
            let found = Self.diagnosis(of: items, indices: indices, failed: false, about: deployment)
            if !found.diagnosis.isEmpty { return found }
        }
        return Found(diagnosis: Diagnosis(findings: []), evidenceItems: [], deployment: nil)
    }

    private static func diagnosis(of items: [CachedItem], indices: [Int], failed: Bool, about deployment: DeploymentTag?) -> Found {
        let input = DiagnosisInput(indices.map { items[$0] })
        let diagnosis = input.diagnosis(failed: failed)
        let evidence = diagnosis.findings.first?.evidence ?? diagnosis.unexplained?.evidence ?? []
        return Found(diagnosis: diagnosis, evidenceItems: evidence.map { indices[input.itemIndex[$0]] }, deployment: deployment)
    }
}
