/// Percent-encoding of URL parts (RFC 3986): every byte but the unreserved characters
/// `A–Z a–z 0–9 - . _ ~` becomes `%XX`, so a value can never add a parameter or a path.
public enum PercentEncoding {
    /// One path segment or query value, encoded.
    public static func pathSegment(_ text: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
            }
        }
        return encoded
    }

    /// `name=value&…` with every name and value encoded.
    public static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { pathSegment($0.0) + "=" + pathSegment($0.1) }.joined(separator: "&")
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
