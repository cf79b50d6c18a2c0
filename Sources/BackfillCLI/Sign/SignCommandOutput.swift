public import AWSSigV4

/// How `backfill sign` prints a signature: readable text, or one JSON object.
///
/// JSON keys: `canonicalRequest`, `stringToSign`, `signature`, `headers` and `url`. `headers` is an object from
/// header name (as sent: given names keep their case, added ones are lower case) to value, in the order sent,
/// with `host` included and repeated headers comma-joined; for a presigned URL it holds the headers the URL was
/// signed with. Neither form contains the secret access key; the session token appears where a request
/// carries it (`x-amz-security-token`, or the presigned URL), since the output must be usable as is.
public struct SignCommandOutput: Sendable {
    public var signature: SigV4Signature
    /// Whether `signature` is a presigned URL rather than signed headers.
    public var isPresigned: Bool

    /// Output for `signature`.
    public init(signature: SigV4Signature, isPresigned: Bool) {
        self.signature = signature
        self.isPresigned = isPresigned
    }

    /// The readable form: canonical request, string to sign, signature, then headers and URL (or presigned URL).
    public func text() -> String {
        var lines: [String] = []
        lines.append("Canonical request:")
        lines.append(signature.canonicalRequest)
        lines.append("")
        lines.append("String to sign:")
        lines.append(signature.stringToSign)
        lines.append("")
        lines.append("Signature: \(signature.signature)")
        lines.append("")
        lines.append(isPresigned ? "Headers to send with the presigned URL:" : "Signed headers:")
        for header in signature.headers { lines.append("\(header.name): \(header.value)") }
        lines.append("")
        lines.append(isPresigned ? "Presigned URL:" : "URL:")
        lines.append(signature.url)
        return lines.joined(separator: "\n")
    }

    /// The JSON form: exactly one object, keys in a fixed order (see the type's documentation).
    public func json() -> String {
        var out = "{"
        out += Self.quoted("canonicalRequest") + ":" + Self.quoted(signature.canonicalRequest) + ","
        out += Self.quoted("stringToSign") + ":" + Self.quoted(signature.stringToSign) + ","
        out += Self.quoted("signature") + ":" + Self.quoted(signature.signature) + ","
        out += Self.quoted("headers") + ":{"
        out += signature.headers.map { Self.quoted($0.name) + ":" + Self.quoted($0.value) }.joined(separator: ",")
        out += "},"
        out += Self.quoted("url") + ":" + Self.quoted(signature.url)
        out += "}"
        return out
    }

    /// `text` as a JSON string literal (RFC 8259 escapes; other characters as UTF-8).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
