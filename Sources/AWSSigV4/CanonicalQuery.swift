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

    /// The most bytes `appendCanonical` or `appendWire` writes.
    var capacity: Int { buffer.count + 2 * items.count }

    /// The parameters of `query` (the part after `?`); empty pieces (`a=1&&b=2`) are skipped.
    init(_ query: UnsafeBufferPointer<UInt8>) {
        guard !query.isEmpty else { return }
        buffer.reserveCapacity(query.count + 16)
        var start = 0
        while start <= query.count {
            var end = start
            while end < query.count, query[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                var equals = start
                while equals < end, query[equals] != UInt8(ascii: "=") { equals += 1 }
                let keyStart = buffer.count
                SigV4URIEncoding.appendQueryComponent(.init(rebasing: query[start..<equals]), to: &buffer)
                let keyEnd = buffer.count
                if equals < end {
                    SigV4URIEncoding.appendQueryComponent(.init(rebasing: query[(equals + 1)..<end]), to: &buffer)
                }
                items.append(Item(key: keyStart..<keyEnd, value: keyEnd..<buffer.count, hasEquals: equals < end))
            }
            start = end + 1
        }
    }

    /// Adds a parameter given decoded; it is escaped here.
    mutating func append(key: String, value: String) {
        let keyStart = buffer.count
        SigV4URIEncoding.appendEncoded(key, keepSlash: false, to: &buffer)
        let keyEnd = buffer.count
        SigV4URIEncoding.appendEncoded(value, keepSlash: false, to: &buffer)
        items.append(Item(key: keyStart..<keyEnd, value: keyEnd..<buffer.count, hasEquals: true))
    }

    /// Appends the canonical query string: `key=value` pairs sorted by encoded key, then value, `&`-joined.
    func appendCanonical(to out: inout some ByteSink) {
        buffer.withUnsafeBytes { raw in
            let sorted = items.sorted { lhs, rhs in
                let left = raw[lhs.key]
                let right = raw[rhs.key]
                if left.elementsEqual(right) { return raw[lhs.value].lexicographicallyPrecedes(raw[rhs.value]) }
                return left.lexicographicallyPrecedes(right)
            }
            for (index, item) in sorted.enumerated() {
                if index > 0 { out.append(UInt8(ascii: "&")) }
                out.append(bytes: .init(rebasing: raw[item.key]))
                out.append(UInt8(ascii: "="))
                out.append(bytes: .init(rebasing: raw[item.value]))
            }
        }
    }

    /// Appends the query as sent: the parameters in the order given, `=` only where the caller wrote one.
    func appendWire(to out: inout some ByteSink) {
        buffer.withUnsafeBytes { raw in
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: "&")) }
                out.append(bytes: .init(rebasing: raw[item.key]))
                if item.hasEquals {
                    out.append(UInt8(ascii: "="))
                    out.append(bytes: .init(rebasing: raw[item.value]))
                }
            }
        }
    }
}
