import CCrypto

/// SHA-256, HMAC-SHA-256 and hex helpers over OpenSSL libcrypto, for the signer and for code that hashes bodies
/// (e.g. `x-amz-content-sha256` of a file) or checks signatures.
public enum SigV4Crypto {
    /// SHA-256 of `bytes` (32 bytes).
    public static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        withContiguousBytes(bytes) { pointer in
            [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
                bf_sha256(pointer.baseAddress, pointer.count, digest.baseAddress!)
                count = 32
            }
        }
    }

    /// SHA-256 of `bytes` as 64 lowercase hex digits (the form `x-amz-content-sha256` takes).
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        withContiguousBytes(bytes) { sha256Digest($0).hex() }
    }


    /// SHA-256 of the bytes at `pointer`, held inline.
    static func sha256Digest(_ pointer: UnsafeRawBufferPointer) -> Digest {
        var digest = Digest()
        withUnsafeMutableBytes(of: &digest.bytes) { out in
            bf_sha256(pointer.baseAddress, pointer.count, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return digest
    }

    /// HMAC-SHA-256 of `data` under `key` (32 bytes).
    public static func hmacSHA256(key: some Sequence<UInt8>, data: some Sequence<UInt8>) -> [UInt8] {
        withContiguousBytes(key) { keyPointer in
            withContiguousBytes(data) { dataPointer in
                [UInt8](unsafeUninitializedCapacity: 32) { mac, count in
                    bf_hmac_sha256_direct(
                        keyPointer.baseAddress, keyPointer.count, dataPointer.baseAddress, dataPointer.count,
                        mac.baseAddress!
                    )
                    count = 32
                }
            }
        }
    }

    /// `bytes` as lowercase hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func withContiguousBytes<Result>(
        _ bytes: some Sequence<UInt8>,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes(body)
    }
}

/// A SHA-256 digest held inline (no allocation), with hex output straight into a byte buffer.
struct Digest {
    var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Appends the 64 lowercase hex digits of the digest.
    func appendHex(to out: inout some ByteSink) {
        withHex { out.append(bytes: $0) }
    }

    /// The 64 lowercase hex digits.
    func hex() -> String {
        withHex { hex in String.build(capacity: 64) { $0.append(bytes: hex) } }
    }

    /// Calls `body` with the 64 hex digits, formatted on the stack.
    func withHex<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &text) { out in
            withUnsafeBytes(of: bytes) { raw in
                SigV4Crypto.hexDigits.withUnsafeBufferPointer { digits in
                    for index in 0..<32 {
                        let byte = raw[index]
                        out[2 &* index] = digits[Int(byte &>> 4)]
                        out[2 &* index &+ 1] = digits[Int(byte & 0x0F)]
                    }
                }
            }
            return body(UnsafeRawBufferPointer(out))
        }
    }
}

/// An HMAC-SHA-256 key with its padded inner and outer states absorbed once, so each MAC costs two
/// compressions less than a fresh HMAC. Value type; copying it copies the states.
struct PreparedHMACKey: @unchecked Sendable {
    private var state = bf_hmac_sha256_key()

    /// Prepares `key`.
    init(key: UnsafeRawBufferPointer) {
        bf_hmac_sha256_key_init(&state, key.baseAddress, key.count)
    }

    /// Prepares a digest-sized key.
    init(key: Digest) {
        var key = key
        state = withUnsafeBytes(of: &key) { raw in
            var state = bf_hmac_sha256_key()
            bf_hmac_sha256_key_init(&state, raw.baseAddress, raw.count)
            return state
        }
    }

    /// HMAC of `data` under this key.
    func mac(_ data: UnsafeRawBufferPointer) -> Digest {
        var digest = Digest()
        withUnsafePointer(to: state) { statePointer in
            withUnsafeMutableBytes(of: &digest.bytes) { out in
                bf_hmac_sha256_prepared(
                    statePointer, data.baseAddress, data.count, out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                )
            }
        }
        return digest
    }

    /// HMAC of the UTF-8 bytes of `text` under this key.
    func mac(_ text: String) -> Digest {
        var text = text
        return text.withUTF8 { mac(UnsafeRawBufferPointer($0)) }
    }
}

extension SigV4Crypto {
    /// HMAC-SHA-256 through OpenSSL's one-shot `HMAC()` (EVP digest fetched per call): the baseline the
    /// benchmark compares the block-function HMAC against. Not used by the signer.
    package static func hmacSHA256ViaEVP(key: [UInt8], data: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { mac, count in
            bf_hmac_sha256(key, key.count, data, data.count, mac.baseAddress!)
            count = 32
        }
    }
}
