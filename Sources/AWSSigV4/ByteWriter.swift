#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Somewhere the signer's encoders can write bytes: a growable `[UInt8]` or a fixed-capacity ``ByteWriter``.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeRawBufferPointer)
}

extension ByteSink {
    /// Appends the UTF-8 bytes of `string` (one copy, no per-byte loop for native strings).
    @inline(__always)
    mutating func append(utf8 string: String) {
        if let done: Void = string.utf8.withContiguousStorageIfAvailable({ append(bytes: UnsafeRawBufferPointer($0)) }) {
            return done
        }
        for byte in string.utf8 { append(byte) }
    }

    /// Appends the bytes of a literal.
    @inline(__always)
    mutating func append(literal: StaticString) {
        append(bytes: UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}

/// Writes into memory it was handed (a String's storage being initialized), checking every write against the
/// capacity, so the signer builds each output string in place with one allocation and no copy.
struct ByteWriter: ByteSink {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress!
        capacity = buffer.count
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        precondition(count < capacity, "ByteWriter overflow")
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(bytes.count <= capacity &- count, "ByteWriter overflow")
        memcpy(base + count, source, bytes.count)
        count &+= bytes.count
    }

    /// The bytes written so far.
    var written: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

extension String {
    /// A string of at most `capacity` bytes written in place by `body` (which must write valid UTF-8).
    @inline(__always)
    static func build(capacity: Int, _ body: (inout ByteWriter) -> Void) -> String {
        String(unsafeUninitializedCapacity: Swift.max(capacity, 1)) { buffer in
            var writer = ByteWriter(buffer)
            body(&writer)
            return writer.count
        }
    }

    /// Whether `self` sorts before `other` byte by byte in UTF-8 (the order SigV4 sorts header names in).
    @inline(__always)
    func utf8Precedes(_ other: String) -> Bool {
        let result = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                let common = Swift.min(a.count, b.count)
                if common > 0 {
                    let order = memcmp(a.baseAddress!, b.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
        return result.flatMap { $0 } ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}
