import FoundationEssentials

/// Reads the human text out of a FastAPI error body.
///
/// FastAPI answers `{"detail": "text"}`, or for validation errors (422)
/// `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`; the messages of the
/// latter are joined with "; ".
public enum ErrorDetailDecoder {
    /// The detail text, or `nil` when the body is not a FastAPI error.
    public static func detail(from body: [UInt8]) -> String? {
        guard let decoded = try? JSONDecoder().decode(ErrorBody.self, from: JSONBody.repairedUTF8(body)) else {
            return nil
        }
        switch decoded.detail {
        case .text(let text): return text
        case .validation(let items):
            let messages = items.map { item in
                let field = item.loc?.last.map { "\($0): " } ?? ""
                return field + item.msg
            }
            return messages.isEmpty ? nil : messages.joined(separator: "; ")
        }
    }
}

private struct ErrorBody: Decodable {
    let detail: Detail

    enum Detail: Decodable {
        case text(String)
        case validation([ValidationItem])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .validation(try container.decode([ValidationItem].self))
            }
        }
    }

    struct ValidationItem: Decodable {
        let loc: [LocationPart]?
        let msg: String
    }

    /// A `loc` element: FastAPI mixes strings and integer indices.
    struct LocationPart: Decodable, CustomStringConvertible {
        let description: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                description = text
            } else {
                description = String(try container.decode(Int.self))
            }
        }
    }
}
