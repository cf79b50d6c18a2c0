#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Running min, max and null count of one column chunk, in the ordering Parquet defines for each type:
/// signed for integers, IEEE for doubles (NaN never counts; a zero min is written -0.0 and a zero max +0.0),
/// unsigned byte-wise for byte arrays, false < true for booleans.
struct ColumnStatistics {
    private(set) var nullCount: Int64 = 0
    private var hasValue = false
    private var integerMin = Int64.max
    private var integerMax = Int64.min
    private var doubleMin = Double.infinity
    private var doubleMax = -Double.infinity
    private var bytesMin: [UInt8] = []
    private var bytesMax: [UInt8] = []

    mutating func addNull() {
        nullCount += 1
    }

    mutating func add(integer value: Int64) {
        hasValue = true
        if value < integerMin { integerMin = value }
        if value > integerMax { integerMax = value }
    }

    mutating func add(double value: Double) {
        guard !value.isNaN else { return }
        hasValue = true
        if value < doubleMin { doubleMin = value }
        if value > doubleMax { doubleMax = value }
    }

    mutating func add(bytes value: UnsafeRawBufferPointer) {
        if !hasValue {
            hasValue = true
            bytesMin = Array(value)
            bytesMax = bytesMin
            return
        }
        if Self.compare(value, bytesMin) < 0 {
            bytesMin = Array(value)
        } else if Self.compare(value, bytesMax) > 0 {
            bytesMax = Array(value)
        }
    }

    /// The footer form; min and max are left out when there is no (non-NaN) value or when either is longer
    /// than `maxSize` bytes (long text would bloat the footer; readers then just cannot skip this chunk).
    func encoded(_ type: PhysicalType, maxSize: Int) -> EncodedStatistics {
        var result = EncodedStatistics(nullCount: nullCount, min: nil, max: nil)
        guard hasValue else { return result }
        switch type {
        case .boolean:
            result.min = [UInt8(integerMin)]
            result.max = [UInt8(integerMax)]
        case .int32:
            result.min = Self.littleEndian(Int32(integerMin))
            result.max = Self.littleEndian(Int32(integerMax))
        case .int64:
            result.min = Self.littleEndian(integerMin)
            result.max = Self.littleEndian(integerMax)
        case .double:
            let min = doubleMin == 0 ? -0.0 : doubleMin
            let max = doubleMax == 0 ? 0.0 : doubleMax
            result.min = Self.littleEndian(min.bitPattern)
            result.max = Self.littleEndian(max.bitPattern)
        case .byteArray:
            guard bytesMin.count <= maxSize && bytesMax.count <= maxSize else { return result }
            result.min = bytesMin
            result.max = bytesMax
        }
        return result
    }

    /// Unsigned lexicographic comparison: negative, zero or positive.
    static func compare(_ lhs: UnsafeRawBufferPointer, _ rhs: [UInt8]) -> Int {
        rhs.withUnsafeBytes { rhs in
            let common = min(lhs.count, rhs.count)
            if common > 0 {
                let result = memcmp(lhs.baseAddress!, rhs.baseAddress!, common)
                if result != 0 { return Int(result) }
            }
            return lhs.count - rhs.count
        }
    }

    private static func littleEndian<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
