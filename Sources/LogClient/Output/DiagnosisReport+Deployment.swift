import LogDiagnosis
import LogText

extension DiagnosisReport {
    /// The diagnosis in `format`: ``human(_:lines:)`` or ``json(_:lines:)``.
    public static func report(_ diagnosis: Diagnosis, lines: [String], as format: OutputFormat) -> String {
        switch format {
        case .text: human(diagnosis, lines: lines)
        case .json: json(diagnosis, lines: lines)
        }
    }

    /// One deployment's part of a diagnosis of several in `format`.
    public static func report(_ diagnosis: Diagnosis, lines: [String], of tag: DeploymentTag,
                              as format: OutputFormat) -> String {
        switch format {
        case .text: human(diagnosis, lines: lines, of: tag)
        case .json: json(diagnosis, lines: lines, of: tag)
        }
    }

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
