import CCrypto

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
