/// The parts of a request URL the signer needs, as byte ranges into its UTF-8 form (no Foundation URL parsing,
/// which would re-escape or reject what the caller gave).
struct ParsedURL {
    /// The URL's UTF-8 bytes.
    let bytes: [UInt8]
    /// `scheme://`, when the URL is absolute.
    let schemePrefix: Range<Int>?
    /// The lower-cased scheme (`https`), empty when the URL is not absolute.
    let scheme: String
    /// `host[:port]` after any `userinfo@`.
    let hostAndPort: Range<Int>?
    /// The path as given (may be empty).
    let path: Range<Int>
    /// The query after `?` (without it), when there is one.
    let query: Range<Int>?

    init(_ url: String) {
        let bytes = Array(url.utf8)
        self.bytes = bytes
        var end = bytes.count
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) { end = hash }

        var cursor = 0
        var schemePrefix: Range<Int>?
        var scheme = ""
        var hostAndPort: Range<Int>?
        if let separator = Self.schemeSeparator(in: bytes, before: end) {
            schemePrefix = 0..<separator + 3
            scheme = String(decoding: bytes[0..<separator].map { Self.lowercased($0) }, as: UTF8.self)
            cursor = separator + 3
            var authorityEnd = cursor
            while authorityEnd < end, bytes[authorityEnd] != UInt8(ascii: "/"), bytes[authorityEnd] != UInt8(ascii: "?") {
                authorityEnd += 1
            }
            var hostStart = cursor
            if let at = bytes[cursor..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) { hostStart = at + 1 }
            hostAndPort = hostStart..<authorityEnd
            cursor = authorityEnd
        }
        self.schemePrefix = schemePrefix
        self.scheme = scheme
        self.hostAndPort = hostAndPort

        let questionMark = bytes[cursor..<end].firstIndex(of: UInt8(ascii: "?"))
        self.path = cursor..<(questionMark ?? end)
        self.query = questionMark.map { ($0 + 1)..<end }
    }

    /// The `Host` header value: lower-cased host, with the port unless it is the scheme's default (as botocore).
    var hostHeader: String? {
        guard let hostAndPort else { return nil }
        let part = bytes[hostAndPort]
        var hostEnd = part.endIndex
        if part.first == UInt8(ascii: "[") {
            if let close = part.firstIndex(of: UInt8(ascii: "]")) { hostEnd = close + 1 }
        } else if let colon = part.lastIndex(of: UInt8(ascii: ":")) {
            hostEnd = colon
        }
        var out = part[part.startIndex..<hostEnd].map { Self.lowercased($0) }
        if hostEnd < part.endIndex, part[hostEnd] == UInt8(ascii: ":") {
            let port = String(decoding: part[(hostEnd + 1)...], as: UTF8.self)
            let isDefault = (scheme == "https" && port == "443") || (scheme == "http" && port == "80")
            if !port.isEmpty, !isDefault { out.append(contentsOf: part[hostEnd...]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `scheme://host[:port]` as given (without userinfo); nothing for a relative URL.
    func appendOrigin(to out: inout [UInt8]) {
        if let schemePrefix { out.append(contentsOf: bytes[schemePrefix]) }
        if let hostAndPort { out.append(contentsOf: bytes[hostAndPort]) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// The index of `://` when the URL starts with a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`).
    private static func schemeSeparator(in bytes: [UInt8], before end: Int) -> Int? {
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
