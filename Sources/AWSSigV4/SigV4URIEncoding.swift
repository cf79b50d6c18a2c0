/// Percent-encoding as SigV4 defines it: every byte of the UTF-8 form except the RFC 3986 unreserved set
/// (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` with upper-case hex digits; space is `%20`, never `+`.
public enum SigV4URIEncoding {
    /// `string` percent-encoded; `/` is kept when `encodeSlash` is false (for an S3 object key as a path).
    public static func encode(_ string: String, encodeSlash: Bool = true) -> String {
        var string = string
        return string.withUTF8 { bytes in
            String.build(capacity: bytes.count * 3) { appendEncoded(bytes, keepSlash: !encodeSlash, to: &$0) }
        }
    }

    /// `string` with every valid `%XX` escape decoded (invalid ones and `+` stay as they are); bytes that do not
    /// form UTF-8 are replaced by U+FFFD.
    public static func decode(_ string: String) -> String {
        var string = string
        let decoded: [UInt8] = string.withUTF8 { bytes in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                if let byte = escape(in: bytes, at: index) {
                    out.append(byte)
                    index += 3
                } else {
                    out.append(bytes[index])
                    index += 1
                }
            }
            return out
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    // MARK: Byte-level forms the signer uses

    private static let unreservedFlag: UInt8 = 1
    private static let pathFlag: UInt8 = 2
    private static let hexFlag: UInt8 = 4

    /// Per byte: unreserved, allowed raw in a request path (RFC 3986 pchar or `/`), hex digit.
    private static let classes: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        let isAlpha = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        let isDigit = (0x30...0x39).contains(byte)
        let unreserved = isAlpha || isDigit || "-._~".utf8.contains(byte)
        let path = unreserved || "!$&'()*+,;=:@/".utf8.contains(byte)
        let hex = isDigit || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        return (unreserved ? unreservedFlag : 0) | (path ? pathFlag : 0) | (hex ? hexFlag : 0)
    }

    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool { classes[Int(byte)] & unreservedFlag != 0 }

    @inline(__always)
    private static func appendEscape(_ byte: UInt8, to out: inout some ByteSink) {
        out.append(UInt8(ascii: "%"))
        out.append(upperHex[Int(byte >> 4)])
        out.append(upperHex[Int(byte & 0x0F)])
    }

    /// The byte a valid `%XX` escape starting at `index` stands for, if one does.
    @inline(__always)
    static func escape(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt8? {
        guard bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count else { return nil }
        let high = bytes[index + 1]
        let low = bytes[index + 2]
        guard classes[Int(high)] & hexFlag != 0, classes[Int(low)] & hexFlag != 0 else { return nil }
        return hexValue(high) << 4 | hexValue(low)
    }

    @inline(__always)
    private static func hexValue(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: digit - UInt8(ascii: "a") + 10
        }
    }

    /// Every byte but the unreserved ones (and `/` when `keepSlash`) escaped; `%` too (the second encoding).
    static func appendEncoded(_ bytes: UnsafeBufferPointer<UInt8>, keepSlash: Bool, to out: inout some ByteSink) {
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                appendEscape(byte, to: &out)
            }
        }
    }

    /// `string`'s bytes as `appendEncoded` writes them.
    static func appendEncoded(_ string: String, keepSlash: Bool, to out: inout some ByteSink) {
        var string = string
        string.withUTF8 { appendEncoded($0, keepSlash: keepSlash, to: &out) }
    }

    /// An S3 path encoded once: unreserved bytes and `/` kept, valid `%XX` escapes kept verbatim, all else escaped.
    static func appendS3Path(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout some ByteSink) {
        appendKeepingEscapes(bytes, keep: unreservedFlag, to: &out)
    }

    /// A non-S3 path for the wire: bytes allowed raw in a path and valid `%XX` escapes kept, all else escaped.
    static func appendWirePath(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout some ByteSink) {
        appendKeepingEscapes(bytes, keep: pathFlag, to: &out)
    }

    private static func appendKeepingEscapes(
        _ bytes: UnsafeBufferPointer<UInt8>,
        keep flag: UInt8,
        to out: inout some ByteSink
    ) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if classes[Int(byte)] & flag != 0 || byte == UInt8(ascii: "/") {
                out.append(byte)
            } else if escape(in: bytes, at: index) != nil {
                out.append(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[index..<index + 3])))
                index += 3
                continue
            } else {
                appendEscape(byte, to: &out)
            }
            index += 1
        }
    }

    /// A query key or value in canonical form: valid escapes decoded, then every non-unreserved byte escaped.
    static func appendQueryComponent(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout some ByteSink) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isUnreserved(byte) {
                out.append(byte)
            } else if let decoded = escape(in: bytes, at: index) {
                if isUnreserved(decoded) { out.append(decoded) } else { appendEscape(decoded, to: &out) }
                index += 3
                continue
            } else {
                appendEscape(byte, to: &out)
            }
            index += 1
        }
    }
}
