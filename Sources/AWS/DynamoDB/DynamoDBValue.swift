public import JSON

/// A DynamoDB attribute value, with conversion to and from its wire form (`{"S": "…"}`, `{"N": "1"}`, …).
public enum DynamoDBValue: Sendable, Hashable {
    case string(String)
    /// A number kept as its decimal text, so no precision is lost.
    case number(String)
    case binary([UInt8])
    case stringSet([String])
    case numberSet([String])
    case binarySet([[UInt8]])
    case map([String: DynamoDBValue])
    case list([DynamoDBValue])
    case bool(Bool)
    case null

    /// A number attribute from an integer.
    public static func number(_ value: Int) -> DynamoDBValue { .number(String(value)) }

    /// A number attribute from a floating-point value.
    public static func number(_ value: Double) -> DynamoDBValue {
        .number(value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value))
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as an integer, when it is one.
    public var intValue: Int? {
        if case .number(let text) = self { return Int(text) ?? Double(text).flatMap { Int(exactly: $0) } }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var mapValue: [String: DynamoDBValue]? {
        if case .map(let value) = self { return value }
        return nil
    }

    public var listValue: [DynamoDBValue]? {
        if case .list(let value) = self { return value }
        return nil
    }

    /// The wire form.
    public var json: JSONValue {
        switch self {
        case .string(let value): ["S": .string(value)]
        case .number(let value): ["N": .string(value)]
        case .binary(let value): ["B": .string(Base64.encode(value))]
        case .stringSet(let values): ["SS": .array(values.map { .string($0) })]
        case .numberSet(let values): ["NS": .array(values.map { .string($0) })]
        case .binarySet(let values): ["BS": .array(values.map { .string(Base64.encode($0)) })]
        case .map(let members): ["M": DynamoDBValue.itemJSON(members)]
        case .list(let values): ["L": .array(values.map(\.json))]
        case .bool(let value): ["BOOL": .bool(value)]
        case .null: ["NULL": true]
        }
    }

    /// Reads the wire form.
    public init(json: JSONValue) throws(AWSError) {
        guard let object = json.objectValue, object.count == 1, let (tag, value) = object.members.first else {
            throw AWSError(.invalidResponse, "a DynamoDB attribute value must be an object with one type key")
        }
        func strings() throws(AWSError) -> [String] {
            guard let array = value.arrayValue else { throw AWSError(.invalidResponse, "\(tag) must be an array") }
            return array.compactMap(\.stringValue)
        }
        func bytes(_ text: String) throws(AWSError) -> [UInt8] {
            guard let bytes = Base64.decode(text) else {
                throw AWSError(.invalidResponse, "invalid base64 in a DynamoDB binary value")
            }
            return bytes
        }
        switch (tag, value) {
        case ("S", .string(let text)): self = .string(text)
        case ("N", .string(let text)): self = .number(text)
        case ("B", .string(let text)): self = .binary(try bytes(text))
        case ("SS", _): self = .stringSet(try strings())
        case ("NS", _): self = .numberSet(try strings())
        case ("BS", _):
            var sets: [[UInt8]] = []
            for text in try strings() { sets.append(try bytes(text)) }
            self = .binarySet(sets)
        case ("M", _): self = .map(try DynamoDBValue.item(from: value))
        case ("L", .array(let values)):
            var list: [DynamoDBValue] = []
            for element in values { list.append(try DynamoDBValue(json: element)) }
            self = .list(list)
        case ("BOOL", .bool(let flag)): self = .bool(flag)
        case ("NULL", _): self = .null
        default: throw AWSError(.invalidResponse, "unknown DynamoDB attribute type \(tag)")
        }
    }

    /// An item's wire form (`{"name": {"S": "…"}, …}`), with names sorted for stable output.
    public static func itemJSON(_ item: [String: DynamoDBValue]) -> JSONValue {
        .object(JSONObject(item.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) }))
    }

    /// Reads an item's wire form.
    public static func item(from json: JSONValue) throws(AWSError) -> [String: DynamoDBValue] {
        guard let object = json.objectValue else {
            throw AWSError(.invalidResponse, "a DynamoDB item must be an object")
        }
        var item: [String: DynamoDBValue] = [:]
        for (name, value) in object { item[name] = try DynamoDBValue(json: value) }
        return item
    }
}

/// A DynamoDB item: attribute names to values.
public typealias DynamoDBItem = [String: DynamoDBValue]

extension DynamoDBValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
