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

    /// The stand-in for the hash of an unsigned body.
    static let unsignedLiteral = "UNSIGNED-PAYLOAD"
}
