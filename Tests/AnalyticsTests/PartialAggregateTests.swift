import Analytics
import Formats
import Testing

@Suite("Partial aggregates")
struct PartialAggregateTests {
    static func aggregate(_ lines: [String], file: String = "f") -> PartialAggregate {
        var aggregator = DailyAggregator()
        aggregator.startFile(file)
        for line in lines { aggregator.add(line: Array(line.utf8)) }
        return aggregator.takeAggregate()
    }

    static let lines = [
        DailyAggregatorTests.session("session-a-1", user: "u1", at: "2025-03-01T10:00:00Z", games: "2"),
        DailyAggregatorTests.session("session-a-2", user: "Jos\u{E9}", at: "2025-03-01T10:00:00Z", games: "-1"),
        DailyAggregatorTests.session(
            "session-b-3", user: String(repeating: "long-user-id-", count: 5), at: "1740873600000", numeric: true),
        DailyAggregatorTests.party("party-a-4", at: "1969-12-31T23:00:00Z", joins: ["2025-03-01T10:00:00Z", nil]),
        "garbage",
        DailyAggregatorTests.session("session-a-5", user: "u1", at: "2025-03-02T10:00:00Z"),
    ]

    @Test("encoding round-trips exactly, including long and non-ASCII user ids and days before 1970")
    func roundTrip() throws {
        let partial = Self.aggregate(Self.lines)
        let bytes = try partial.encoded()
        #expect(bytes.starts(with: [0x1F, 0x8B]))
        #expect(try PartialAggregate(encoded: bytes) == partial)
        #expect(try partial.encoded() == bytes)
        #expect(try PartialAggregate(encoded: PartialAggregate().encoded()) == PartialAggregate())
    }

    @Test("merging the partials of any split of the lines equals aggregating them at once")
    func mergeEqualsWhole() {
        let whole = Self.aggregate(Self.lines)
        for split in 0...Self.lines.count {
            let merged = PartialAggregate.merged([
                Self.aggregate(Array(Self.lines[..<split])), Self.aggregate(Array(Self.lines[split...])),
            ])
            #expect(merged.dailyMetrics() == whole.dailyMetrics(), "split at \(split)")
            #expect(merged.userSets == whole.userSets, "split at \(split)")
            #expect(merged.counts == whole.counts)
            #expect(merged.malformed == whole.malformed)
            #expect(merged.apps == whole.apps)
        }
    }

    @Test("a user active in two files is counted once after the merge")
    func distinctAcrossFiles() throws {
        let first = Self.aggregate([DailyAggregatorTests.session("session-a-1", user: "u", at: "2025-03-01")])
        let second = Self.aggregate([DailyAggregatorTests.session("session-a-2", user: "u", at: "2025-03-01")])
        let merged = PartialAggregate.merged([first, second])
        #expect(merged.dailyMetrics().map(\.activeUsers) == [1])
    }

    @Test("samples stay at five after merging")
    func samplesBounded() {
        let partials = (0..<4).map { Self.aggregate(["bad", "bad"], file: "f\($0)") }
        let merged = PartialAggregate.merged(partials)
        #expect(merged.malformed == ["invalid-json": 8])
        #expect(merged.samples.map(\.file) == ["f0", "f0", "f1", "f1", "f2"])
    }

    @Test("corrupt, truncated or foreign bytes are rejected")
    func rejectsBadBytes() throws {
        let bytes = try Self.aggregate(Self.lines).encoded()
        #expect(throws: AnalyticsError.self) { _ = try PartialAggregate(encoded: Array(bytes.dropLast(3))) }
        #expect(throws: AnalyticsError.self) { _ = try PartialAggregate(encoded: Array("hello".utf8)) }
        let plain = try Gzip.decompress(bytes)
        #expect(throws: AnalyticsError.self) {
            _ = try PartialAggregate(encoded: try Gzip.compress(Array(plain.dropLast(1))))
        }
        #expect(throws: AnalyticsError.self) {
            _ = try PartialAggregate(encoded: try Gzip.compress(Array("XXXX".utf8) + plain.dropFirst(4)))
        }
    }
}
