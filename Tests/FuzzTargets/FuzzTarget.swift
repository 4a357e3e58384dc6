/// A parser that reads untrusted input, and the properties every input must keep.
///
/// Each target turns fuzzer bytes into the parser's input and returns the properties the
/// result broke, as sentences (none: the input is fine). A trap inside the parser is a
/// finding too: libFuzzer records it. `Tests/Fuzz` runs these under libFuzzer; the unit
/// tests replay the saved corpus through the same checks.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The backend's `{"logs": [...]}` body.
    case catwalkBody = "catwalk-body"
    /// One text message of the live stream.
    case liveMessage = "live-message"
    /// Fly's logs in any of its shapes (JSON:API, NDJSON, text lines).
    case flyBody = "fly-body"
    /// RFC 3339 timestamps as the backend and Fly send them.
    case timestamp
    /// The terminal sanitiser.
    case sanitizer
    /// Display widths, wrapping and the rendered screen.
    case displayWidth = "display-width"
    /// The diagnosis engine.
    case diagnosis
    /// The saved-file reader (`--file`).
    case savedFile = "saved-file"

    /// The properties `input` broke; empty when it kept them all.
    public func violations(of input: [UInt8]) -> [String] {
        switch self {
        case .catwalkBody: return DecoderProperties.catwalkBody(input)
        case .liveMessage: return DecoderProperties.liveMessage(input)
        case .flyBody: return DecoderProperties.flyBody(input)
        case .timestamp: return TextProperties.timestamp(input)
        case .sanitizer: return TextProperties.sanitizer(input)
        case .displayWidth: return ScreenProperties.displayWidth(input)
        case .diagnosis: return DiagnosisProperties.linearTime(input)
        case .savedFile: return SavedFileProperties.roundTrip(input)
        }
    }
}
