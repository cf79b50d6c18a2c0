/// An ordered list of HTTP header fields. Names compare case-insensitively; repeated names are kept in order.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in the order they were added.
    public private(set) var fields: [(name: String, value: String)]

    public init() { fields = [] }

    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value for `name`, or nil.
    public subscript(name: String) -> String? {
        first(name)
    }

    /// The first value for `name`, or nil.
    public func first(_ name: String) -> String? {
        fields.first { $0.name.lowercasedASCII() == name.lowercasedASCII() }?.value
    }

    /// Every value for `name`, in order.
    public func values(_ name: String) -> [String] {
        let lowered = name.lowercasedASCII()
        return fields.filter { $0.name.lowercasedASCII() == lowered }.map(\.value)
    }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field named `name` with one holding `value`.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name: name, value: value))
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        let lowered = name.lowercasedASCII()
        fields.removeAll { $0.name.lowercasedASCII() == lowered }
    }

    public func contains(_ name: String) -> Bool { first(name) != nil }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

extension String {
    /// ASCII-only lowercasing: header names are ASCII, and this avoids Unicode tables on a hot path.
    package func lowercasedASCII() -> String {
        var utf8 = Array(self.utf8)
        var changed = false
        for index in utf8.indices where utf8[index] >= 65 && utf8[index] <= 90 {
            utf8[index] += 32
            changed = true
        }
        return changed ? String(decoding: utf8, as: UTF8.self) : self
    }
}
