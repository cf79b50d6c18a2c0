import CCrypto
public import JSON

/// The `_record_hash` of a record: SHA-256 (OpenSSL libcrypto) of its canonical JSON (compact, keys sorted at
/// every level), as 64 lowercase hex digits. Equal records hash equal however their members were ordered.
public enum RecordHash {
    public static func hex(_ record: JSONValue) -> String {
        let bytes = record.serializedBytes(sortedKeys: true)
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { buffer in
            digest.withUnsafeMutableBufferPointer { out in
                bf_sha256(buffer.baseAddress, buffer.count, out.baseAddress)
            }
        }
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
