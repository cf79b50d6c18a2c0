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
