import JSON

/// Bridges `Codable` Swift values and DynamoDB items through `JSONValue`: strings become `S`, numbers `N`,
/// booleans `BOOL`, nil `NULL`, arrays `L`, nested structs `M`. Sets and binary values are not produced (a
/// `[UInt8]` property is a list of numbers); use `DynamoDBValue` directly where they matter. Binary attributes
/// read back as base64 strings.
public struct DynamoDBItemCoder: Sendable {
    public init() {}

    /// The item for `value`, which must encode as a JSON object. Nil optionals are left out.
    public func encode<Value: Encodable>(_ value: Value) throws -> DynamoDBItem {
        let json: JSONValue
        do {
            json = try JSONValueEncoder().encode(value)
        } catch {
            throw AWSError(
                .invalidRequest, "cannot encode \(Value.self) as a DynamoDB item: \(error)", underlying: error)
        }
        guard case .object(let object) = json else {
            throw AWSError(.invalidRequest, "\(Value.self) does not encode as an object, so it is not an item")
        }
        var item: DynamoDBItem = [:]
        for (name, member) in object where member != .null { item[name] = Self.value(from: member) }
        return item
    }

    /// Decodes `Value` from an item.
    public func decode<Value: Decodable>(_ type: Value.Type, from item: DynamoDBItem) throws -> Value {
        do {
            return try JSONValueDecoder().decode(type, from: Self.json(from: .map(item)))
        } catch {
            throw AWSError(
                .invalidResponse, "cannot decode \(Value.self) from a DynamoDB item: \(error)", underlying: error)
        }
    }

    static func value(from json: JSONValue) -> DynamoDBValue {
        switch json {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .number(String(number))
        case .double(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let values): .list(values.map(value(from:)))
        case .object(let object):
            .map(Dictionary(uniqueKeysWithValues: object.map { ($0.key, value(from: $0.value)) }))
        }
    }

    static func json(from value: DynamoDBValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .number(let text): Int64(text).map(JSONValue.int) ?? Double(text).map(JSONValue.double) ?? .string(text)
        case .binary(let bytes): .string(Base64.encode(bytes))
        case .stringSet(let values): .array(values.map { .string($0) })
        case .numberSet(let values): .array(values.map { json(from: .number($0)) })
        case .binarySet(let values): .array(values.map { .string(Base64.encode($0)) })
        case .map(let members):
            .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, json(from: $0.value)) }))
        case .list(let values): .array(values.map(json(from:)))
        case .bool(let flag): .bool(flag)
        case .null: .null
        }
    }
}
