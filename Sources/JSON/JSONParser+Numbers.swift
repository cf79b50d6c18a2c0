extension JSONParser {
    /// Powers of ten a `Double` holds exactly (10^0 … 10^22).
    private static let exactPowers: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// A number starting at the `-` or digit under `index`. Written without fraction or exponent and within
    /// 64 bits it is `.int`, read digit by digit; otherwise `.double`: exactly from its digits when they and
    /// the exponent are small enough for one correctly rounded operation (at most 19 digits, a mantissa up to
    /// 2^53, a power of ten up to 10^22), else through `Double(String)` as before.
    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = index
        let negative = base[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < count, isDigit(base[index]) else { throw error("invalid number") }
        var mantissa: UInt64 = 0
        var digits = 0
        if base[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < count, isDigit(base[index]) {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(base[index] &- UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
        }
        var isInteger = true
        var scale = 0
        if index < count, base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fraction = index
            while index < count, isDigit(base[index]) {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(base[index] &- UInt8(ascii: "0")) }
                if digits > 0 || base[index] != UInt8(ascii: "0") { digits += 1 }
                scale -= 1
                index += 1
            }
            guard index > fraction else { throw error("expected digits after '.'") }
        }
        var exponent = 0
        if index < count, base[index] == UInt8(ascii: "e") || base[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            var negativeExponent = false
            if index < count, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") {
                negativeExponent = base[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            while index < count, isDigit(base[index]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(base[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            guard index > exponentStart else { throw error("expected digits in exponent") }
            if negativeExponent { exponent = -exponent }
        }
        if isInteger, digits <= 19 {
            if negative, mantissa <= UInt64(Int64.max) + 1 {
                return .int(mantissa == UInt64(Int64.max) + 1 ? .min : -Int64(mantissa))
            }
            if !negative, mantissa <= UInt64(Int64.max) { return .int(Int64(mantissa)) }
        }
        let power = exponent + scale
        if digits <= 19, mantissa <= 1 << 53, (-22...22).contains(power) {
            let magnitude =
                power < 0
                ? Double(mantissa) / Self.exactPowers[-power] : Double(mantissa) * Self.exactPowers[power]
            return .double(negative ? -magnitude : magnitude)
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        guard let value = Double(text) else { throw error("invalid number '\(text)'") }
        return .double(value)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
