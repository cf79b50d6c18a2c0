#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        /// The first eight bytes of `lowerName`, big-endian, zero-padded: orders most names without a string
        /// comparison.
        var sortKey: UInt64

        init(name: String, lowerName: String, value: String, isSigned: Bool) {
            self.name = name
            self.lowerName = lowerName
            self.value = value
            self.isSigned = isSigned
            sortKey =
                lowerName.utf8.withContiguousStorageIfAvailable { bytes in
                    var key: UInt64 = 0
                    for index in 0..<Swift.min(8, bytes.count) {
                        key |= UInt64(bytes[index]) &<< UInt64(56 &- 8 &* index)
                    }
                    return key
                } ?? 0
        }

        /// Whether this group's name sorts before `other`'s, byte-wise.
        @inline(__always)
        func precedes(_ other: Group) -> Bool {
            if sortKey != other.sortKey { return sortKey < other.sortKey }
            return lowerName.utf8Precedes(other.lowerName)
        }
    }

    /// What a header name means to the signer.
    enum Role {
        case host, amzDate, securityToken, contentSHA256, authorization
        /// Sent but never signed: proxies may change or drop it in transit (botocore's list).
        case unsigned
        case other
    }

    private(set) var groups: [Group] = []
    /// Whether a `host` header was given.
    private(set) var hasHost = false
    /// The value of a given `x-amz-content-sha256` header, when kept.
    private(set) var contentSHA256: String?

    /// The role of a lower-cased header name; compares bytes only for names of a matching length.
    static func role(of lowerName: String) -> Role {
        var name = lowerName
        return name.withUTF8 { bytes -> Role in
            func equals(_ literal: StaticString) -> Bool {
                literal.utf8CodeUnitCount == bytes.count
                    && memcmp(literal.utf8Start, bytes.baseAddress!, bytes.count) == 0
            }
            switch bytes.count {
            case 2: return equals("te") ? .unsigned : .other
            case 4: return equals("host") ? .host : .other
            case 6: return equals("expect") ? .unsigned : .other
            case 7: return equals("upgrade") || equals("trailer") ? .unsigned : .other
            case 10:
                if equals("x-amz-date") { return .amzDate }
                return equals("connection") || equals("keep-alive") || equals("user-agent") ? .unsigned : .other
            case 13: return equals("authorization") ? .authorization : .other
            case 15: return equals("x-amzn-trace-id") ? .unsigned : .other
            case 17: return equals("transfer-encoding") ? .unsigned : .other
            case 18: return equals("proxy-authenticate") ? .unsigned : .other
            case 19: return equals("proxy-authorization") ? .unsigned : .other
            case 20:
                if equals("x-amz-security-token") { return .securityToken }
                return equals("x-amz-content-sha256") ? .contentSHA256 : .other
            default: return .other
            }
        }
    }

    /// Groups `headers`, leaving out `authorization` and those whose role `replaced` says the signer sets itself.
    init(_ headers: [(name: String, value: String)], replaced: (Role) -> Bool) {
        groups.reserveCapacity(headers.count + 5)
        for header in headers {
            let lowerName = Self.lowercasedName(header.name)
            let role = Self.role(of: lowerName)
            if role == .authorization || replaced(role) { continue }
            let value = Self.canonicalValue(header.value)
            if let index = groups.firstIndex(where: { $0.lowerName == lowerName }) {
                groups[index].value += "," + value
                if role == .contentSHA256 { contentSHA256 = groups[index].value }
            } else {
                groups.append(Group(name: header.name, lowerName: lowerName, value: value, isSigned: role != .unsigned))
                if role == .host { hasHost = true }
                if role == .contentSHA256 { contentSHA256 = value }
            }
        }
    }

    /// Adds a header the signer sets (name in lower case), at the end or at the front.
    mutating func add(_ lowerName: String, _ value: String, signed: Bool = true, atFront: Bool = false) {
        let group = Group(name: lowerName, lowerName: lowerName, value: value, isSigned: signed)
        if atFront { groups.insert(group, at: 0) } else { groups.append(group) }
    }

    /// Indices of the signed groups in canonical (byte-wise name) order.
    func signedOrder() -> [Int] {
        var order = [Int]()
        order.reserveCapacity(groups.count)
        for index in groups.indices where groups[index].isSigned {
            // Insertion sort: a request has a handful of headers, and this allocates nothing more.
            var position = order.count
            order.append(index)
            while position > 0, groups[index].precedes(groups[order[position - 1]]) {
                order[position] = order[position - 1]
                position -= 1
            }
            order[position] = index
        }
        return order
    }

    /// How many bytes `appendCanonical` writes for `order`.
    func canonicalCount(_ order: [Int]) -> Int {
        order.reduce(0) { $0 + groups[$1].lowerName.utf8.count + groups[$1].value.utf8.count + 2 }
    }

    /// How many bytes `appendSignedNames` writes for `order`.
    func signedNamesCount(_ order: [Int]) -> Int {
        order.reduce(0) { $0 + groups[$1].lowerName.utf8.count + 1 }
    }

    /// Appends `name:value\n` for each signed header, in canonical order.
    func appendCanonical(_ order: [Int], to out: inout some ByteSink) {
        for index in order {
            out.append(utf8: groups[index].lowerName)
            out.append(UInt8(ascii: ":"))
            out.append(utf8: groups[index].value)
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// Appends the `;`-joined signed header names.
    func appendSignedNames(_ order: [Int], to out: inout some ByteSink) {
        for (position, index) in order.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ";")) }
            out.append(utf8: groups[index].lowerName)
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
        var copy = name
        return copy.withUTF8 { bytes in
            guard bytes.contains(where: { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || isWhitespace($0) })
            else { return name }
            let start = bytes.firstIndex { !isWhitespace($0) } ?? bytes.endIndex
            let end = max(start, (bytes.lastIndex { !isWhitespace($0) } ?? start - 1) + 1)
            return String(unsafeUninitializedCapacity: end - start) { out in
                for index in start..<end {
                    let byte = bytes[index]
                    out[index - start] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
                }
                return end - start
            }
        }
    }

    /// `value` trimmed with each inner run of whitespace (space, tab, CR, LF, VT, FF) made one space
    /// (returned as is when already so).
    static func canonicalValue(_ value: String) -> String {
        var copy = value
        return copy.withUTF8 { bytes in
            var previousWasSpace = true  // so leading whitespace counts as unclean
            var clean = true
            for byte in bytes where isWhitespace(byte) || previousWasSpace {
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
            clean = clean && (!previousWasSpace || bytes.isEmpty)
            if clean { return value }
            return String.build(capacity: bytes.count) { out in
                var pendingSpace = false
                var wroteAny = false
                for byte in bytes {
                    if isWhitespace(byte) {
                        pendingSpace = wroteAny
                    } else {
                        if pendingSpace { out.append(0x20) }
                        pendingSpace = false
                        wroteAny = true
                        out.append(byte)
                    }
                }
            }
        }
    }
}
