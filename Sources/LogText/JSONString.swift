/// JSON string literals per RFC 8259.
public enum JSONString {
    /// Appends `text` as a quoted JSON string.
    ///
    /// Works on UTF-8 bytes: every character that needs escaping is ASCII, and no byte of a
    /// multi-byte sequence is, so a text without any is copied whole.
    public static func append(_ text: String, to output: inout String) {
        output += "\""
        let utf8 = text.utf8
        if !utf8.contains(where: needsEscape) {
            output += text
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count + 16)
            for byte in utf8 {
                if needsEscape(byte) { appendEscape(for: byte, to: &bytes) } else { bytes.append(byte) }
            }
            output += String(decoding: bytes, as: UTF8.self)
        }
        output += "\""
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscape(for byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
        }
    }
}
