/// Deterministic job ids: the same handler, destination and partition range always give the same id, so
/// concurrent or repeated triggers join one job instead of duplicating work.
public enum JobID {
    /// `{handler}-{32 hex digits}`, a 128-bit digest of handler, destination and the partition keys.
    public static func derive(handler: String, destination: String, partitionKeys: [String]) -> String {
        var material: [UInt8] = []
        for part in [handler, destination] + partitionKeys {
            material += Array(part.utf8)
            material.append(0)
        }
        let high = fnv1a(material, basis: 0xcbf2_9ce4_8422_2325)
        let low = fnv1a(material.reversed(), basis: 0x6c62_272e_07bb_0142)
        return sanitized(handler) + "-" + hex(high) + hex(low)
    }

    /// Whether `text` is usable as a job id: 1–128 characters of letters, digits, `-`, `_`, `.`, `:`.
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 128
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }
    }

    static func fnv1a(_ bytes: some Sequence<UInt8>, basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        // Final avalanche (splitmix64) so nearby inputs differ in every digit.
        hash ^= hash >> 30
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash = hash &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func sanitized(_ handler: String) -> String {
        let kept = handler.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return kept.isEmpty ? "job" : String(kept.prefix(40))
    }
}
