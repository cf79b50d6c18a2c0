import Formats
public import JSON
public import Timekeeping

/// The records of one chunk, cleaned: duplicates (same id, e.g. from pages shifting while they were read)
/// collapse to the version with the newest update time (the later one on a tie), and records without an id or
/// without a parseable update time are set aside with the reason, never silently dropped.
public struct ChunkRecords: Sendable {
    /// A record kept for writing.
    public struct Record: Sendable {
        public var object: JSONObject
        /// The id as text (`42`, `9d3…`).
        public var id: String
        public var updated: Timestamp
        /// `RecordHash.hex` of the record as received.
        public var hash: String

        public init(object: JSONObject, id: String, updated: Timestamp, hash: String) {
            self.object = object
            self.id = id
            self.updated = updated
            self.hash = hash
        }
    }

    /// A record set aside.
    public struct Rejected: Sendable, Equatable {
        public var record: JSONValue
        /// `missing id`, `missing updated time (_info/lastUpdated)`, …
        public var reason: String

        public init(record: JSONValue, reason: String) {
            self.record = record
            self.reason = reason
        }
    }

    /// The member holding the id (`id`, `sys_id`).
    public let idField: String
    /// The member path (`/` for nesting) holding the update time (`_info/lastUpdated`, `sys_updated_on`).
    public let updatedField: String
    public private(set) var rejected: [Rejected] = []
    /// How many records were replaced by (or lost to) another version with the same id.
    public private(set) var duplicateCount = 0
    /// How many records were offered.
    public private(set) var receivedCount = 0
    private var kept: [Record] = []
    private var positions: [String: Int] = [:]

    /// `updatedField` split at `/`, once (looked up for every record).
    private let updatedPath: [String]

    public init(idField: String, updatedField: String) {
        self.idField = idField
        self.updatedField = updatedField
        updatedPath = updatedField.split(separator: "/").map(String.init)
    }

    /// The kept records in the order their ids were first seen.
    public var records: [Record] { kept }

    /// Offers one record as the source sent it.
    public mutating func add(_ value: JSONValue) {
        receivedCount += 1
        switch clean(value) {
        case .rejected(let entry): rejected.append(entry)
        case .kept(let record):
            if let position = positions[record.id] {
                duplicateCount += 1
                if record.updated >= kept[position].updated { kept[position] = record }
            } else {
                positions[record.id] = kept.count
                kept.append(record)
            }
        }
    }

    /// A record as the source sent it, checked: kept (with its id, update time and hash) or set aside.
    enum Cleaned {
        case kept(Record)
        case rejected(Rejected)
    }

    /// Checks one record: an object with an id and a parseable update time is kept, anything else rejected.
    func clean(_ value: JSONValue) -> Cleaned {
        guard case .object(let object) = value else {
            return .rejected(Rejected(record: value, reason: "not an object (\(value.typeDescription))"))
        }
        guard let id = Self.idText(object[idField]) else {
            return .rejected(Rejected(record: value, reason: "missing id (\(idField))"))
        }
        guard let updatedValue = Self.member(updatedPath, of: object), updatedValue != .null,
            updatedValue != ""
        else {
            return .rejected(Rejected(record: value, reason: "missing updated time (\(updatedField))"))
        }
        guard let updated = Self.timestamp(updatedValue) else {
            return .rejected(Rejected(record: value, reason: "unparseable updated time (\(updatedField))"))
        }
        return .kept(Record(object: object, id: id, updated: updated, hash: RecordHash.hex(value)))
    }

    /// Offers records in order.
    public mutating func add(contentsOf values: some Sequence<JSONValue>) {
        for value in values { add(value) }
    }

    /// The id as text: a non-empty string or an integer.
    static func idText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text) where !text.isEmpty: text
        case .int(let number): String(number)
        case .double(let number) where number.rounded() == number && abs(number) < 9e15: String(Int64(number))
        default: nil
        }
    }

    /// The member at `path` (`["_info", "lastUpdated"]`), or the top-level member named like its last segment.
    static func member(_ path: [String], of object: JSONObject) -> JSONValue? {
        guard let first = path.first, var current = object[first] else {
            return path.count > 1 ? path.last.flatMap { object[$0] } : nil
        }
        for segment in path.dropFirst() {
            guard let next = current[segment] else {
                return path.last.flatMap { object[$0] }
            }
            current = next
        }
        return current
    }

    /// RFC 3339 text, or `YYYY-MM-DD HH:MM:SS` taken as UTC (ServiceNow's form).
    static func timestamp(_ value: JSONValue) -> Timestamp? {
        guard let text = value.stringValue else { return nil }
        if let millis = TimestampText.millisecondsSince1970(text) { return Timestamp(millisecondsSince1970: millis) }
        let bytes = Array(text.utf8)
        if bytes.count == 19 || (bytes.count > 20 && bytes[19] == UInt8(ascii: ".")),
            let millis = TimestampText.millisecondsSince1970(text + "Z")
        {
            return Timestamp(millisecondsSince1970: millis)
        }
        return nil
    }
}
