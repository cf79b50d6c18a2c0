/// What the signature says about the request body.
public enum SigV4Payload: Sendable {
    /// The body itself; its SHA-256 is computed while signing.
    case bytes([UInt8])
    /// The body's SHA-256 as 64 lowercase hex digits, computed by the caller (e.g. while streaming a file).
    case hash(String)
    /// The body is not signed: the literal `UNSIGNED-PAYLOAD` stands in for its hash (S3 over HTTPS).
    case unsigned

    /// The canonical request's last line for this payload.
    func canonicalHash() -> String {
        switch self {
        case .bytes(let bytes): SigV4Crypto.sha256Hex(bytes)
        case .hash(let hex): hex
        case .unsigned: SigV4Payload.unsignedLiteral
        }
    }

    /// Appends the canonical request's last line without building a String.
    func appendCanonicalHash(to out: inout some ByteSink) {
        switch self {
        case .bytes(let bytes): bytes.withUnsafeBytes { SigV4Crypto.sha256Digest($0) }.appendHex(to: &out)
        case .hash(let hex): out.append(utf8: hex)
        case .unsigned: out.append(literal: "UNSIGNED-PAYLOAD")
        }
    }

    /// How many bytes `appendCanonicalHash` writes.
    var canonicalHashCount: Int {
        switch self {
        case .bytes: 64
        case .hash(let hex): hex.utf8.count
        case .unsigned: 16
        }
    }

    /// The stand-in for the hash of an unsigned body.
    static let unsignedLiteral = "UNSIGNED-PAYLOAD"
}
