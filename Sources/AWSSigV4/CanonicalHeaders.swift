/// The headers of one request, grouped by lower-cased name in first-seen order, values canonicalized
/// (trimmed, inner whitespace runs collapsed to one space) and comma-joined; each marked signed or not.
struct CanonicalHeaders {
    /// One header name and everything sent under it.
    struct Group {
        /// The name as first given (added headers use lower case).
        var name: String
        var lowerName: String
        var value: String
        var isSigned: Bool
    }

    private(set) var groups: [Group] = []

    /// Headers that proxies may change or drop in transit, so they are sent but never signed (botocore's list).
    static let unsignedNames: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Groups `headers`, leaving out those whose lower-cased name `replaced` says the signer sets itself.
    init(_ headers: [(name: String, value: String)], replaced: (String) -> Bool) {
        groups.reserveCapacity(headers.count + 5)
        for header in headers {
            let lowerName = Self.lowercasedName(header.name)
            if replaced(lowerName) { continue }
            let value = Self.canonicalValue(header.value)
            if let index = groups.firstIndex(where: { $0.lowerName == lowerName }) {
                groups[index].value += "," + value
            } else {
                let isSigned = !Self.unsignedNames.contains(lowerName)
                groups.append(Group(name: header.name, lowerName: lowerName, value: value, isSigned: isSigned))
            }
        }
    }

    /// Whether a header named `lowerName` was given.
    func contains(_ lowerName: String) -> Bool { groups.contains { $0.lowerName == lowerName } }

    /// The value given for `lowerName`, if any.
    func value(of lowerName: String) -> String? { groups.first { $0.lowerName == lowerName }?.value }

    /// Adds a header the signer sets (name in lower case), at the end or at the front.
    mutating func add(_ lowerName: String, _ value: String, signed: Bool = true, atFront: Bool = false) {
        let group = Group(name: lowerName, lowerName: lowerName, value: value, isSigned: signed)
        if atFront { groups.insert(group, at: 0) } else { groups.append(group) }
    }

    /// The signed groups in canonical (byte-wise name) order.
    func signedSorted() -> [Group] {
        groups.filter(\.isSigned).sorted { $0.lowerName.utf8.lexicographicallyPrecedes($1.lowerName.utf8) }
    }

    /// Appends `name:value\n` for each signed header, in canonical order.
    static func appendCanonical(_ sorted: [Group], to out: inout [UInt8]) {
        for group in sorted {
            out.append(contentsOf: group.lowerName.utf8)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: group.value.utf8)
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// Appends the `;`-joined signed header names.
    static func appendSignedNames(_ sorted: [Group], to out: inout [UInt8]) {
        for (index, group) in sorted.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: group.lowerName.utf8)
        }
    }

    /// The headers as sent: name as given, canonical value.
    var sent: [(name: String, value: String)] { groups.map { ($0.name, $0.value) } }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// `name` trimmed and ASCII-lower-cased (returned as is when already so).
    static func lowercasedName(_ name: String) -> String {
        let needsWork = name.utf8.contains { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || isWhitespace($0) }
        guard needsWork else { return name }
        let bytes = name.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        let start = bytes.firstIndex { !isWhitespace($0) } ?? bytes.endIndex
        let end = (bytes.lastIndex { !isWhitespace($0) } ?? start - 1) + 1
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// `value` trimmed with each inner run of whitespace (space, tab, CR, LF, VT, FF) made one space
    /// (returned as is when already so).
    static func canonicalValue(_ value: String) -> String {
        var previousWasSpace = true
        var clean = true
        for byte in value.utf8 {
            if isWhitespace(byte) {
                if byte != 0x20 || previousWasSpace {
                    clean = false
                    break
                }
                previousWasSpace = true
            } else {
                previousWasSpace = false
            }
        }
        if clean && (!previousWasSpace || value.isEmpty) { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if isWhitespace(byte) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
