/// The hot path of aggregation: a hand-written byte scanner over one line of a DynamoDB export
/// (`DYNAMODB_JSON`) that pulls out only the attributes the daily metrics need and skips everything else
/// structurally, without building a JSON tree. Both line shapes are read: `{"Item":{…}}` (full export) and
/// `{"Metadata":…,"Keys":…,"NewImage":{…},"OldImage":{…}}` (incremental export; no `NewImage` is a delete).
///
/// After `scan(_:)`, the attributes describe the line's item (the `Item`, else the `NewImage`); their texts
/// are decoded (escapes resolved, bytes otherwise untouched) and read with `bytes(_:)` until the next scan.
/// A value type with no per-line allocation (it reuses its buffers); mutating methods only, so the hot loop
/// pays no dynamic exclusivity checks. A copy gets its own buffer when it next decodes an escaped string.
public struct ExportLineScanner {
    /// What the last line was.
    public private(set) var shape: LineShape = .blank
    /// Why the last line was `.invalid`.
    public private(set) var failure: String?
    /// `modelId` of the item (`S` expected).
    public private(set) var modelId = ScannedAttribute.absent
    /// `userId` (`S`), on sessions.
    public private(set) var userId = ScannedAttribute.absent
    /// `createdAt`: `S` (ISO-8601) or `N` (epoch milliseconds).
    public private(set) var createdAt = ScannedAttribute.absent
    /// `gamesPlayed` (`N`), on sessions.
    public private(set) var gamesPlayed = ScannedAttribute.absent
    /// `hostId` (`S`), on parties.
    public private(set) var hostId = ScannedAttribute.absent
    /// The type of `members`: `.list` when it is an `L` (its elements are in `members`).
    public internal(set) var membersType = ScannedType.absent
    /// The elements of `members` when it is an `L`.
    public internal(set) var members: [ScannedMember] = []

    private var storage = ScanBuffer(capacity: 4096)
    private var used = 0
    /// The line being (or last) scanned: unescaped texts point into it.
    private var line: UnsafePointer<UInt8>?
    /// A copy of a line given as an array, so its texts stay valid after `scan` returns.
    private var ownedLine = ScanBuffer(capacity: 0)

    /// A scanner with empty buffers.
    public init() {}

    /// The decoded bytes of a scanned text; valid until the next `scan` and while the line's bytes are.
    @inline(__always)
    public func bytes(_ text: ScannedText) -> UnsafeRawBufferPointer {
        if text.start < 0 { return UnsafeRawBufferPointer(start: storage.base + (-text.start - 1), count: text.count) }
        guard let line else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: line + text.start, count: text.count)
    }

    /// Scans one line (without or with its newline) and returns its shape.
    @discardableResult
    public mutating func scan(_ line: UnsafeRawBufferPointer) -> LineShape {
        resetItem()
        used = 0
        failure = nil
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self), !line.isEmpty else {
            self.line = nil
            shape = .blank
            return shape
        }
        self.line = base
        var cursor = JSONCursor(position: base, end: base + line.count)
        do {
            shape = try scanRecord(&cursor)
        } catch {
            resetItem()
            failure = error.reason
            shape = .invalid
        }
        return shape
    }

    /// Scans a line held in an array (tests, small inputs).
    @discardableResult
    public mutating func scan(_ line: [UInt8]) -> LineShape {
        if ownedLine.capacity < line.count || !isKnownUniquelyReferenced(&ownedLine) {
            ownedLine = ScanBuffer(capacity: max(line.count, 256))
        }
        let copy = ownedLine.base
        line.withUnsafeBufferPointer { if let source = $0.baseAddress { copy.update(from: source, count: $0.count) } }
        return scan(UnsafeRawBufferPointer(start: copy, count: line.count))
    }

    @inline(__always)
    private mutating func resetItem() {
        modelId = .absent
        userId = .absent
        createdAt = .absent
        gamesPlayed = .absent
        hostId = .absent
        membersType = .absent
        if !members.isEmpty { members.removeAll(keepingCapacity: true) }
    }

    private mutating func scanRecord(_ cursor: inout JSONCursor) throws(ScanFailure) -> LineShape {
        cursor.skipSpace()
        if cursor.atEnd { return .blank }
        try cursor.expect(0x7B)
        var hasItem = false
        var hasNewImage = false
        var hasKeys = false
        if try cursor.peek() == 0x7D {
            cursor.position += 1
        } else {
            repeat {
                let key = try RecordKey(try cursor.stringBody())
                try cursor.expect(0x3A)
                switch key {
                case .item where !hasItem:
                    try scanImage(&cursor)
                    hasItem = true
                case .newImage where !hasItem:
                    try scanImage(&cursor)
                    hasNewImage = true
                case .keys, .oldImage:
                    hasKeys = true
                    try cursor.skipValue()
                default:
                    try cursor.skipValue()
                }
            } while try cursor.nextMember(close: 0x7D)
        }
        cursor.skipSpace()
        guard cursor.atEnd else { throw .trailingBytes }
        if hasItem { return .item }
        if hasNewImage { return .newImage }
        return hasKeys ? .delete : .noImage
    }

    private mutating func scanImage(_ cursor: inout JSONCursor) throws(ScanFailure) {
        resetItem()
        try cursor.expect(0x7B)
        if try cursor.peek() == 0x7D {
            cursor.position += 1
            return
        }
        repeat {
            let key = try ImageKey(try cursor.stringBody())
            try cursor.expect(0x3A)
            switch key {
            case .modelId: modelId = try scanAttribute(&cursor)
            case .userId: userId = try scanAttribute(&cursor)
            case .createdAt: createdAt = try scanAttribute(&cursor)
            case .gamesPlayed: gamesPlayed = try scanAttribute(&cursor)
            case .hostId: hostId = try scanAttribute(&cursor)
            case .members: try scanMembers(&cursor)
            default: try cursor.skipValue(depth: 2)
            }
        } while try cursor.nextMember(close: 0x7D)
    }

    /// An attribute value `{"S": "…"}` or `{"N": "…"}`; any other type is skipped and reported as `.other`.
    mutating func scanAttribute(_ cursor: inout JSONCursor) throws(ScanFailure) -> ScannedAttribute {
        try cursor.expect(0x7B)
        var attribute = ScannedAttribute(type: .other, text: .empty)
        if try cursor.peek() == 0x7D {
            cursor.position += 1
            return attribute
        }
        repeat {
            let key = try TypeKey(try cursor.stringBody())
            try cursor.expect(0x3A)
            if key == .string || key == .number, try cursor.peek() == 0x22 {
                let body = try cursor.stringBody()
                attribute = ScannedAttribute(type: key == .string ? .string : .number, text: try keep(body))
            } else {
                try cursor.skipValue(depth: 3)
            }
        } while try cursor.nextMember(close: 0x7D)
        return attribute
    }

    /// Where a string body's decoded bytes are: in the line when it has no escapes, else decoded into the buffer.
    @inline(__always)
    private mutating func keep(_ body: (start: UnsafePointer<UInt8>, count: Int, escaped: Bool)) throws(ScanFailure)
        -> ScannedText
    {
        guard body.escaped else {
            return ScannedText(start: line.map { body.start - $0 } ?? 0, count: body.count)
        }
        reserve(body.count)
        let start = used
        let base = storage.base
        // Decoding never makes a string longer than its escaped form.
        var end = start
        try JSONStringDecoder.decode(body.start, body.count) { run in
            (base + end).update(from: run.baseAddress!, count: run.count)
            end += run.count
        }
        used = end
        return ScannedText(start: -start - 1, count: used - start)
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        // A copy of the scanner shares the buffer until one of them writes a decoded string into it.
        guard used + extra > storage.capacity || !isKnownUniquelyReferenced(&storage) else { return }
        let grown = ScanBuffer(capacity: max(storage.capacity * 2, used + extra))
        grown.base.update(from: storage.base, count: used)
        storage = grown
    }
}

/// The bytes the scanner decodes strings into; replaced (never mutated in place) when it must grow.
final class ScanBuffer {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}
