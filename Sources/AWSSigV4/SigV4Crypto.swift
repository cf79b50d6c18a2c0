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

extension SigV4Crypto {
    /// SHA-256 through OpenSSL's one-shot `EVP_Digest()` (digest fetched per call): a baseline the benchmark
    /// compares the block functions against. Not used by the signer.
    package static func sha256ViaEVP(_ data: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
            bf_sha256_evp(data, data.count, digest.baseAddress!)
            count = 32
        }
    }

    /// HMAC-SHA-256 through OpenSSL's one-shot `HMAC()`; see ``sha256ViaEVP(_:)``.
    package static func hmacSHA256ViaEVP(key: [UInt8], data: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { mac, count in
            bf_hmac_sha256(key, key.count, data, data.count, mac.baseAddress!)
            count = 32
        }
    }
}
