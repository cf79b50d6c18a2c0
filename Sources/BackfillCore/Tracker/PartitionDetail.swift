import AWS

/// One value a handler records about a finished partition beside its record count: a count (records fetched,
/// rejected, pages) or a short text (the object key written). Stored in the partition's `m` map, so
/// `aws dynamodb get-item` on the partition item shows it.
public enum PartitionDetail: Sendable, Hashable, Codable {
    /// A count.
    case number(Int64)
    /// A short text, cut to ``PartitionDetail/textLimit`` UTF-8 bytes when stored.
    case text(String)

    /// The most UTF-8 bytes of a text detail kept; with ``PartitionDetail/maximumCount`` entries it bounds the
    /// partition item's size (about 2 KB of details at most).
    public static let textLimit = 256
    /// The most details kept per partition (the first ones in key order).
    public static let maximumCount = 8

    /// The count, if this is one.
    public var numberValue: Int64? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The text, if this is one.
    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// `details` as they are stored: at most ``maximumCount`` entries, texts cut to ``textLimit`` bytes.
    public static func bounded(_ details: [String: PartitionDetail]) -> [String: PartitionDetail] {
        var kept: [String: PartitionDetail] = [:]
        for key in details.keys.sorted().prefix(maximumCount) {
            switch details[key] {
            case .text(let text)?: kept[key] = .text(String(decoding: text.utf8.prefix(textLimit), as: UTF8.self))
            case let value?: kept[key] = value
            case nil: break
            }
        }
        return kept
    }

    /// The DynamoDB map of `details` (`N` for counts, `S` for texts).
    static func item(_ details: [String: PartitionDetail]) -> DynamoDBValue {
        .map(
            bounded(details).mapValues { value in
                switch value {
                case .number(let number): .number(String(number))
                case .text(let text): .string(text)
                }
            })
    }

    /// Details read back from a DynamoDB map (other value types are ignored).
    static func details(from value: DynamoDBValue?) -> [String: PartitionDetail] {
        guard let map = value?.mapValue else { return [:] }
        var details: [String: PartitionDetail] = [:]
        for (key, value) in map {
            if case .number(let text) = value, let number = Int64(text) {
                details[key] = .number(number)
            } else if let text = value.stringValue {
                details[key] = .text(text)
            }
        }
        return details
    }
}

extension PartitionDetail: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    /// A count literal.
    public init(integerLiteral value: Int64) { self = .number(value) }
    /// A text literal.
    public init(stringLiteral value: String) { self = .text(value) }
}
