import LogDiagnosis
import LogText

extension DiagnosisReport {
    /// One deployment's part of a diagnosis of several: its most likely cause only (or its
    /// failure with no known cause, or that nothing looks wrong), the first line keyed.
    public static func human(_ diagnosis: Diagnosis, lines: [String], of tag: DeploymentTag) -> String {
        tag.key + ": " + human(diagnosis.mostLikely, lines: lines)
    }

    /// The same as one JSON object with `deployment` and `name` first; nothing when nothing
    /// looks wrong.
    public static func json(_ diagnosis: Diagnosis, lines: [String], of tag: DeploymentTag) -> String {
        let object = json(diagnosis.mostLikely, lines: lines)
        guard object.hasPrefix("{") else { return object }
        var text = "{\"deployment\":"
        JSONString.append(tag.id, to: &text)
        text += ",\"name\":"
        if let name = tag.name { JSONString.append(name, to: &text) } else { text += "null" }
        return text + "," + object.dropFirst()
    }
}
