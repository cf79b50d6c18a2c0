/// A short byte string (a user id, an app name) compared and hashed byte for byte, as DynamoDB compares
/// strings: no Unicode normalization, so NFC and NFD spellings of one name are two values. Up to 24 bytes
/// are stored inline (no allocation per value); longer values keep the rest in an array.
public struct ExactBytes: Hashable, Sendable, Comparable, CustomStringConvertible {
    private var word0: UInt64 = 0
    private var word1: UInt64 = 0
    private var word2: UInt64 = 0
    private var inlineCount: UInt8 = 0
    private var tail: [UInt8]? = nil

    static let inlineCapacity = 24

    /// A copy of `bytes`.
    public init(_ bytes: UnsafeRawBufferPointer) {
        let inline = min(bytes.count, Self.inlineCapacity)
        inlineCount = UInt8(inline)
        withUnsafeMutableBytes(of: &word0) {
            $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<min(inline, 8)]))
        }
        if inline > 8 {
            withUnsafeMutableBytes(of: &word1) {
                $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[8..<min(inline, 16)]))
            }
        }
        if inline > 16 {
            withUnsafeMutableBytes(of: &word2) {
                $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[16..<inline]))
            }
        }
        if bytes.count > inline { tail = Array(bytes[inline...]) }
    }

    /// A copy of `bytes`.
    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { ExactBytes($0) }
    }

    /// The UTF-8 bytes of `text` as they are (no normalization).
    public init(_ text: String) {
        self.init(Array(text.utf8))
    }

    /// The number of bytes.
    public var count: Int { Int(inlineCount) + (tail?.count ?? 0) }

    /// The bytes.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        withUnsafeBytes(of: word0) { result.append(contentsOf: $0.prefix(Int(inlineCount))) }
        if inlineCount > 8 { withUnsafeBytes(of: word1) { result.append(contentsOf: $0.prefix(Int(inlineCount) - 8)) } }
        if inlineCount > 16 {
            withUnsafeBytes(of: word2) { result.append(contentsOf: $0.prefix(Int(inlineCount) - 16)) }
        }
        if let tail { result.append(contentsOf: tail) }
        return result
    }

    /// The bytes as text (invalid UTF-8 repaired); for display and JSON output.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { text }

    /// The first 16 bytes, zero-padded: with `count` they identify a string of at most 16 bytes.
    @inline(__always)
    var leadingWords: (UInt64, UInt64) { (word0, word1) }

    /// A seeded 64-bit hash for the aggregator's own tables (see `TableHash`).
    @inline(__always)
    var tableHash: UInt64 {
        var hash = TableHash.mix(word0 ^ TableHash.seed ^ UInt64(inlineCount) << 56)
        hash = TableHash.mix(hash ^ word1)
        hash = TableHash.mix(hash ^ word2)
        if let tail {
            for byte in tail { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash = TableHash.mix(hash)
        }
        return hash
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(word0 &+ UInt64(inlineCount))
        hasher.combine(word1 ^ (word2 &* 0x9E37_79B9_7F4A_7C15))
        if let tail { tail.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    public static func == (lhs: ExactBytes, rhs: ExactBytes) -> Bool {
        lhs.word0 == rhs.word0 && lhs.word1 == rhs.word1 && lhs.word2 == rhs.word2
            && lhs.inlineCount == rhs.inlineCount && lhs.tail == rhs.tail
    }

    /// Byte order (what `sorted` uses for a deterministic encoding).
    public static func < (lhs: ExactBytes, rhs: ExactBytes) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
