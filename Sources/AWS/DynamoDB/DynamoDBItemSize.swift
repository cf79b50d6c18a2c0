/// An item's size as DynamoDB bills it (the documented rules: attribute names count; strings and binaries by their
/// bytes; numbers about one byte per two significant digits plus one; maps and lists 3 bytes plus one per element;
/// booleans and null one byte). A write consumes one WCU per started kilobyte of the larger of the item's size
/// before and after.
public enum DynamoDBItemSize {
    /// The billed size of `item` in bytes.
    public static func bytes(_ item: DynamoDBItem) -> Int {
        item.reduce(0) { $0 + $1.key.utf8.count + bytes($1.value) }
    }

    /// The billed size of one value.
    public static func bytes(_ value: DynamoDBValue) -> Int {
        switch value {
        case .string(let text): text.utf8.count
        case .number(let text): numberBytes(text)
        case .binary(let data): data.count
        case .bool, .null: 1
        case .stringSet(let set): set.reduce(0) { $0 + $1.utf8.count }
        case .numberSet(let set): set.reduce(0) { $0 + numberBytes($1) }
        case .binarySet(let set): set.reduce(0) { $0 + $1.count }
        case .list(let list): 3 + list.reduce(0) { $0 + 1 + bytes($1) }
        case .map(let map): 3 + map.reduce(0) { $0 + 1 + $1.key.utf8.count + bytes($1.value) }
        }
    }

    /// Write capacity units for writing an item of `bytes` (standard table, no transaction).
    public static func writeUnits(_ bytes: Int) -> Int { max(1, (bytes + 1023) / 1024) }

    static func numberBytes(_ text: String) -> Int {
        let digits = text.filter(\.isNumber).drop { $0 == "0" }
        return (max(digits.count, 1) + 1) / 2 + 1
    }
}
