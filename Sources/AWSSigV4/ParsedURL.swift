/// The parts of a request URL the signer needs, as ranges into its UTF-8 bytes (no Foundation URL parsing,
/// which would re-escape or reject what the caller gave). Valid only while those bytes are.
struct ParsedURL {
    /// The URL's UTF-8 bytes.
    let bytes: UnsafeBufferPointer<UInt8>
    /// `scheme://`, when the URL is absolute.
    let schemePrefix: Range<Int>?
    /// Whether the scheme is `https` (else `http` or unknown), for the default port.
    let isHTTPS: Bool
    /// `host[:port]` after any `userinfo@`.
    let hostAndPort: Range<Int>?
    /// The path as given (may be empty).
    let path: Range<Int>
    /// The query after `?` (without it); empty when there is none.
    let query: Range<Int>

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var end = 0
        while end < bytes.count, bytes[end] != UInt8(ascii: "#") { end += 1 }

        var cursor = 0
        var schemePrefix: Range<Int>?
        var isHTTPS = false
        var hostAndPort: Range<Int>?
        if let separator = Self.schemeSeparator(in: bytes, before: end) {
            schemePrefix = 0..<separator + 3
            isHTTPS =
                separator == 5 && Self.lowercased(bytes[0]) == UInt8(ascii: "h")
                && Self.lowercased(bytes[4]) == UInt8(ascii: "s")
            cursor = separator + 3
            var authorityEnd = cursor
            var hostStart = cursor
            while authorityEnd < end, bytes[authorityEnd] != UInt8(ascii: "/"), bytes[authorityEnd] != UInt8(ascii: "?") {
                if bytes[authorityEnd] == UInt8(ascii: "@") { hostStart = authorityEnd + 1 }
                authorityEnd += 1
            }
            hostAndPort = hostStart..<authorityEnd
            cursor = authorityEnd
        }
        self.schemePrefix = schemePrefix
        self.isHTTPS = isHTTPS
        self.hostAndPort = hostAndPort

        var questionMark = cursor
        while questionMark < end, bytes[questionMark] != UInt8(ascii: "?") { questionMark += 1 }
        self.path = cursor..<questionMark
        self.query = questionMark < end ? (questionMark + 1)..<end : end..<end
    }

    var pathBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[path]) }
    var queryBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[query]) }

    /// The `Host` header value: lower-cased host, with the port unless it is the scheme's default (as botocore).
    var hostHeader: String? {
        guard let hostAndPort else { return nil }
        var hostEnd = hostAndPort.upperBound
        if bytes[hostAndPort].first == UInt8(ascii: "[") {
            if let close = bytes[hostAndPort].firstIndex(of: UInt8(ascii: "]")) { hostEnd = close + 1 }
        } else if let colon = bytes[hostAndPort].lastIndex(of: UInt8(ascii: ":")) {
            hostEnd = colon
        }
        var end = hostEnd
        if hostEnd < hostAndPort.upperBound, bytes[hostEnd] == UInt8(ascii: ":") {
            let port = bytes[(hostEnd + 1)..<hostAndPort.upperBound]
            let isDefault = port.elementsEqual((isHTTPS ? "443" : "80").utf8)
            if !port.isEmpty, !isDefault { end = hostAndPort.upperBound }
        }
        let start = hostAndPort.lowerBound
        return String(unsafeUninitializedCapacity: end - start) { out in
            _ = out.initialize(from: bytes[start..<end])
            for index in 0..<(hostEnd - start) { out[index] = Self.lowercased(out[index]) }
            return end - start
        }
    }

    /// How many bytes `appendOrigin` writes.
    var originCount: Int { (schemePrefix?.count ?? 0) + (hostAndPort?.count ?? 0) }

    /// Appends `scheme://host[:port]` as given (without userinfo); nothing for a relative URL.
    func appendOrigin(to out: inout some ByteSink) {
        if let schemePrefix { out.append(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[schemePrefix]))) }
        if let hostAndPort { out.append(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[hostAndPort]))) }
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// The index of `://` when the URL starts with a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`).
    private static func schemeSeparator(in bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int? {
        var index = 0
        while index < end {
            let byte = bytes[index]
            let isAlpha = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isOther = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            if isAlpha || (index > 0 && isOther) {
                index += 1
                continue
            }
            guard index > 0, byte == UInt8(ascii: ":"), index + 2 < end,
                bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/")
            else { return nil }
            return index
        }
        return nil
    }
}
