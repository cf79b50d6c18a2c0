/// Query parameters in encoded form: the caller's (decoded and re-escaped per RFC 3986) and, when presigning,
/// the `X-Amz-*` ones. Components live in one buffer; items point into it.
struct CanonicalQuery {
    private struct Item {
        var key: Range<Int>
        var value: Range<Int>
        var hasEquals: Bool
    }

    private var buffer: [UInt8] = []
    private var items: [Item] = []

    /// Whether there are no parameters.
    var isEmpty: Bool { items.isEmpty }

    /// The parameters of `query` (the part after `?`); empty pieces (`a=1&&b=2`) are skipped.
    init(_ query: ArraySlice<UInt8>?) {
        guard let query, !query.isEmpty else { return }
        buffer.reserveCapacity(query.count + 16)
        var start = query.startIndex
        while start <= query.endIndex {
            let end = query[start...].firstIndex(of: UInt8(ascii: "&")) ?? query.endIndex
            if end > start {
                let piece = query[start..<end]
                let equals = piece.firstIndex(of: UInt8(ascii: "="))
                let keyStart = buffer.count
                SigV4URIEncoding.appendQueryComponent(piece[..<(equals ?? end)], to: &buffer)
                let keyEnd = buffer.count
                if let equals { SigV4URIEncoding.appendQueryComponent(piece[(equals + 1)...], to: &buffer) }
                items.append(Item(key: keyStart..<keyEnd, value: keyEnd..<buffer.count, hasEquals: equals != nil))
            }
            start = end + 1
        }
    }

    /// Adds a parameter given decoded; it is escaped here.
    mutating func append(key: String, value: String) {
        let keyStart = buffer.count
        SigV4URIEncoding.appendEncoded(key.utf8, keepSlash: false, to: &buffer)
        let keyEnd = buffer.count
        SigV4URIEncoding.appendEncoded(value.utf8, keepSlash: false, to: &buffer)
        items.append(Item(key: keyStart..<keyEnd, value: keyEnd..<buffer.count, hasEquals: true))
    }

    /// Appends the canonical query string: `key=value` pairs sorted by encoded key, then value, `&`-joined.
    func appendCanonical(to out: inout [UInt8]) {
        let sorted = items.sorted { lhs, rhs in
            let left = buffer[lhs.key]
            let right = buffer[rhs.key]
            if left.elementsEqual(right) { return buffer[lhs.value].lexicographicallyPrecedes(buffer[rhs.value]) }
            return left.lexicographicallyPrecedes(right)
        }
        for (index, item) in sorted.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: buffer[item.key])
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: buffer[item.value])
        }
    }

    /// Appends the query as sent: the parameters in the order given, `=` only where the caller wrote one.
    func appendWire(to out: inout [UInt8]) {
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: buffer[item.key])
            if item.hasEquals {
                out.append(UInt8(ascii: "="))
                out.append(contentsOf: buffer[item.value])
            }
        }
    }
}
