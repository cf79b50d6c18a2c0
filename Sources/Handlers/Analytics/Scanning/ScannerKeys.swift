/// The keys of an export line's top-level object the scanner acts on.
enum RecordKey {
    case item, newImage, oldImage, keys, other

    @inline(__always)
    init(_ body: (start: UnsafePointer<UInt8>, count: Int, escaped: Bool)) throws(ScanFailure) {
        self = try KeyText.match(body) { start, count in
            switch count {
            case 4: KeyText.equals(start, "Item") ? .item : KeyText.equals(start, "Keys") ? .keys : .other
            case 8:
                KeyText.equals(start, "NewImage")
                    ? .newImage : KeyText.equals(start, "OldImage") ? .oldImage : .other
            default: .other
            }
        }
    }
}

/// The attribute names of an item (and of a party member) the scanner extracts.
enum ImageKey {
    case modelId, userId, createdAt, gamesPlayed, hostId, members, joinedAt, other

    @inline(__always)
    init(_ body: (start: UnsafePointer<UInt8>, count: Int, escaped: Bool)) throws(ScanFailure) {
        self = try KeyText.match(body) { start, count in
            switch count {
            case 6: KeyText.equals(start, "userId") ? .userId : KeyText.equals(start, "hostId") ? .hostId : .other
            case 7: KeyText.equals(start, "modelId") ? .modelId : KeyText.equals(start, "members") ? .members : .other
            case 8: KeyText.equals(start, "joinedAt") ? .joinedAt : .other
            case 9: KeyText.equals(start, "createdAt") ? .createdAt : .other
            case 11: KeyText.equals(start, "gamesPlayed") ? .gamesPlayed : .other
            default: .other
            }
        }
    }
}

/// The type descriptors of a DynamoDB attribute value the scanner reads.
enum TypeKey {
    case string, number, list, map, other

    @inline(__always)
    init(_ body: (start: UnsafePointer<UInt8>, count: Int, escaped: Bool)) throws(ScanFailure) {
        self = try KeyText.match(body) { start, count in
            guard count == 1 else { return .other }
            switch start.pointee {
            case 0x53: return .string
            case 0x4E: return .number
            case 0x4C: return .list
            case 0x4D: return .map
            default: return .other
            }
        }
    }
}

/// Matching raw key bytes against names; an escaped key (rare) is decoded first, so `"\u0055serId"` is `userId`.
enum KeyText {
    @inline(__always)
    static func match<Key>(
        _ body: (start: UnsafePointer<UInt8>, count: Int, escaped: Bool),
        _ classify: (UnsafePointer<UInt8>, Int) -> Key
    ) throws(ScanFailure) -> Key {
        guard body.escaped else { return classify(body.start, body.count) }
        var decoded: [UInt8] = []
        try JSONStringDecoder.decode(body.start, body.count) { decoded.append(contentsOf: $0) }
        return decoded.withUnsafeBufferPointer { buffer in
            classify(buffer.baseAddress ?? body.start, buffer.count)
        }
    }

    /// Whether the bytes at `start` begin with `name` (the caller has checked the length): the first eight
    /// bytes compared as one word, the rest byte by byte.
    @inline(__always)
    static func equals(_ start: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        let other = name.utf8Start
        var index = 0
        if count >= 8 {
            guard
                UnsafeRawPointer(start).loadUnaligned(as: UInt64.self)
                    == UnsafeRawPointer(other).loadUnaligned(as: UInt64.self)
            else { return false }
            index = 8
        }
        while index < count {
            if start[index] != other[index] { return false }
            index += 1
        }
        return true
    }
}
