import Formats

extension PartialAggregate {
    /// The first bytes of an encoded partial (before gzip): a name and a format version.
    static let magic: [UInt8] = Array("BFPA".utf8) + [1]

    /// The aggregate as compact bytes (varints; the user ids once, then numbers per day and app),
    /// gzip-compressed: what `analytics-aggregate` saves per data file under `aggregates/{exportId}/`.
    public func encoded() throws(AnalyticsError) -> [UInt8] {
        var writer = VarintWriter()
        writer.bytes.append(contentsOf: Self.magic)
        for count in [
            counts.lines, counts.items, counts.deletes, counts.ignored, counts.sessions, counts.parties,
            counts.malformed,
        ] {
            writer.unsigned(count)
        }
        let appTable = apps.union(totals.keys.map(\.app)).sorted()
        let appIndex = Dictionary(uniqueKeysWithValues: appTable.enumerated().map { ($1, $0) })
        writer.unsigned(appTable.count)
        for app in appTable { writer.data(app.bytes) }
        writer.unsigned(apps.count)
        for app in apps.sorted() { writer.unsigned(appIndex[app]!) }
        writer.unsigned(malformed.count)
        for (reason, count) in malformed.sorted(by: { $0.key < $1.key }) {
            writer.data(Array(reason.utf8))
            writer.unsigned(count)
        }
        writer.unsigned(samples.count)
        for sample in samples {
            writer.data(Array(sample.reason.rawValue.utf8))
            writer.unsigned(sample.line)
            writer.data(Array(sample.file.utf8))
            writer.data(Array(sample.excerpt.utf8))
        }
        writer.unsigned(userTable.names.count)
        for name in userTable.names { writer.data(name.bytes) }
        writer.unsigned(totals.count)
        for (key, value) in totals.sorted(by: { $0.key < $1.key }) {
            writer.signed(key.day)
            writer.unsigned(appIndex[key.app]!)
            writer.signed(Int(value.gamesPlayed))
            writer.signed(Int(value.partiesCreated))
            writer.signed(Int(value.partiesJoined))
            let members = value.userNumbers.members.sorted()
            writer.unsigned(members.count)
            var previous: UInt32 = 0
            for member in members {
                writer.unsigned(Int(member - previous))  // sorted: small gaps
                previous = member
            }
        }
        do {
            return try Gzip.compress(writer.bytes)
        } catch {
            throw AnalyticsError(.invalidPartialAggregate, "cannot compress: \(error.description)")
        }
    }

    /// Decodes what `encoded()` wrote; throws on anything else (wrong format, truncated, corrupt).
    public init(encoded: [UInt8]) throws(AnalyticsError) {
        let plain: [UInt8]
        do {
            plain = try Gzip.decompress(encoded)
        } catch {
            throw AnalyticsError(.invalidPartialAggregate, "not gzip: \(error.description)")
        }
        var reader = VarintReader(bytes: plain)
        guard try reader.raw(Self.magic.count) == Self.magic else {
            throw AnalyticsError(.invalidPartialAggregate, "not a partial aggregate (unknown header)")
        }
        self.init()
        counts.lines = try reader.unsigned()
        counts.items = try reader.unsigned()
        counts.deletes = try reader.unsigned()
        counts.ignored = try reader.unsigned()
        counts.sessions = try reader.unsigned()
        counts.parties = try reader.unsigned()
        counts.malformed = try reader.unsigned()
        var appTable: [ExactBytes] = []
        for _ in 0..<(try reader.count()) { appTable.append(ExactBytes(try reader.data())) }
        for _ in 0..<(try reader.count()) { apps.insert(try reader.element(of: appTable)) }
        for _ in 0..<(try reader.count()) {
            let reason = String(decoding: try reader.data(), as: UTF8.self)
            malformed[reason] = try reader.unsigned()
        }
        for _ in 0..<(try reader.count()) {
            let name = String(decoding: try reader.data(), as: UTF8.self)
            guard let reason = MalformedReason(rawValue: name) else {
                throw AnalyticsError(.invalidPartialAggregate, "unknown malformed reason \(name)")
            }
            let line = try reader.unsigned()
            let file = String(decoding: try reader.data(), as: UTF8.self)
            let excerpt = String(decoding: try reader.data(), as: UTF8.self)
            samples.append(MalformedSample(reason: reason, line: line, file: file, excerpt: excerpt))
        }
        for index in 0..<(try reader.count()) {
            guard userTable.number(ExactBytes(try reader.data())) == UInt32(index) else {
                throw AnalyticsError(.invalidPartialAggregate, "a user id appears twice")
            }
        }
        let userCount = userTable.names.count
        for _ in 0..<(try reader.count()) {
            let day = try reader.signed()
            let app = try reader.element(of: appTable)
            var value = Totals()
            value.gamesPlayed = Int64(try reader.signed())
            value.partiesCreated = Int64(try reader.signed())
            value.partiesJoined = Int64(try reader.signed())
            var member = 0
            for position in 0..<(try reader.count()) {
                let gap = try reader.unsigned()
                guard gap < userCount - member, position == 0 || gap > 0 else {
                    throw AnalyticsError(.invalidPartialAggregate, "user number out of range or repeated")
                }
                member += gap
                value.userNumbers.insert(UInt32(member))
            }
            totals[Key(day: day, app: app)] = value
        }
        guard reader.isAtEnd else { throw AnalyticsError(.invalidPartialAggregate, "bytes after the aggregate") }
    }
}

/// LEB128 varints (zigzag for signed values) and length-prefixed byte strings.
struct VarintWriter {
    var bytes: [UInt8] = []

    mutating func unsigned(_ value: Int) {
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func signed(_ value: Int) {
        unsigned(Int(bitPattern: UInt((value << 1) ^ (value >> 63))))
    }

    mutating func data(_ value: [UInt8]) {
        unsigned(value.count)
        bytes.append(contentsOf: value)
    }
}

/// Reads what `VarintWriter` wrote, checking every length against the bytes left.
struct VarintReader {
    let bytes: [UInt8]
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    mutating func raw(_ count: Int) throws(AnalyticsError) -> [UInt8] {
        guard count <= bytes.count - index else { throw Self.truncated }
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }

    mutating func unsigned() throws(AnalyticsError) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count, shift < 64 else { throw Self.truncated }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        guard value <= UInt64(Int.max) else { throw AnalyticsError(.invalidPartialAggregate, "number too large") }
        return Int(value)
    }

    mutating func signed() throws(AnalyticsError) -> Int {
        let raw = UInt(try unsigned())
        return Int(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A count of following entries, each at least one byte long (bounds allocations on corrupt input).
    mutating func count() throws(AnalyticsError) -> Int {
        let value = try unsigned()
        guard value <= bytes.count - index else { throw Self.truncated }
        return value
    }

    mutating func data() throws(AnalyticsError) -> [UInt8] { try raw(try unsigned()) }

    mutating func element<T>(of table: [T]) throws(AnalyticsError) -> T {
        let position = try unsigned()
        guard position < table.count else { throw AnalyticsError(.invalidPartialAggregate, "index out of range") }
        return table[position]
    }

    static let truncated = AnalyticsError(.invalidPartialAggregate, "truncated partial aggregate")
}
