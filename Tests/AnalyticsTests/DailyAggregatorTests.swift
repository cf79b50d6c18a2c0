import Analytics
import Testing
import Timekeeping

@Suite("Daily aggregation rules")
struct DailyAggregatorTests {
    static func session(
        _ id: String, user: String, at createdAt: String, games: String? = nil, numeric: Bool = false
    ) -> String {
        let created = numeric ? #"{"N":"\#(createdAt)"}"# : #"{"S":"\#(createdAt)"}"#
        let gamesPart = games.map { #","gamesPlayed":{"N":"\#($0)"}"# } ?? ""
        return #"{"Item":{"modelId":{"S":"\#(id)"},"userId":{"S":"\#(user)"},"createdAt":\#(created)\#(gamesPart)}}"#
    }

    static func party(_ id: String, at createdAt: String, joins: [String?]) -> String {
        let members = joins.map { join in
            join.map { #"{"M":{"userId":{"S":"m"},"joinedAt":{"S":"\#($0)"}}}"# } ?? #"{"M":{"userId":{"S":"m"}}}"#
        }
        return #"{"Item":{"modelId":{"S":"\#(id)"},"hostId":{"S":"h"},"createdAt":{"S":"\#(createdAt)"},"#
            + #""members":{"L":[\#(members.joined(separator: ","))]}}}"#
    }

    static func aggregate(_ lines: [String]) -> PartialAggregate {
        var aggregator = DailyAggregator()
        aggregator.startFile("test.json.gz")
        for line in lines { aggregator.add(line: Array(line.utf8)) }
        return aggregator.aggregate
    }

    static func metrics(_ aggregate: PartialAggregate, _ day: String, _ app: String) -> DailyMetrics? {
        aggregate.dailyMetrics().first { $0.date.iso8601 == day && $0.app == app }
    }

    @Test("sessions: distinct users, summed games, a missing gamesPlayed counts 0 games")
    func sessions() throws {
        let result = Self.aggregate([
            Self.session("session-fizz-1", user: "u1", at: "2025-03-01T10:00:00Z", games: "3"),
            Self.session("session-fizz-2", user: "u1", at: "2025-03-01T11:00:00Z", games: "4"),
            Self.session("session-fizz-3", user: "u2", at: "2025-03-01T12:00:00Z"),
            Self.session("session-zing-4", user: "u1", at: "2025-03-01T12:00:00Z", games: "1"),
        ])
        let fizz = try #require(Self.metrics(result, "2025-03-01", "fizz"))
        #expect(fizz.activeUsers == 2)
        #expect(fizz.gamesPlayed == 7)
        #expect(try #require(Self.metrics(result, "2025-03-01", "zing")).activeUsers == 1)
        #expect(result.counts.sessions == 4)
    }

    @Test("the day is the UTC day of the timestamp, ISO-8601 with an offset or epoch milliseconds")
    func utcDays() throws {
        let result = Self.aggregate([
            Self.session("session-a-1", user: "u1", at: "2025-03-01T23:30:00-05:00"),
            Self.session("session-a-2", user: "u2", at: "1740873600000", numeric: true),  // 2025-03-02T00:00Z
            Self.session("session-a-3", user: "u3", at: "2025-03-02T00:30:00+01:00"),  // 03-01 23:30 UTC
        ])
        #expect(try #require(Self.metrics(result, "2025-03-02", "a")).activeUsers == 2)
        #expect(try #require(Self.metrics(result, "2025-03-01", "a")).activeUsers == 1)
    }

    @Test("user ids are compared byte for byte: NFC and NFD spellings are two users")
    func exactUserIds() throws {
        let result = Self.aggregate([
            Self.session("session-a-1", user: "Jos\u{E9}", at: "2025-03-01T10:00:00Z"),
            Self.session("session-a-2", user: "Jose\u{301}", at: "2025-03-01T10:00:00Z"),
            Self.session("session-a-3", user: #"Jos\u00e9"#, at: "2025-03-01T10:00:00Z"),  // escaped NFC
        ])
        #expect(try #require(Self.metrics(result, "2025-03-01", "a")).activeUsers == 2)
        let key = PartialAggregate.Key(day: CivilDate(year: 2025, month: 3, day: 1).daysSince1970, app: ExactBytes("a"))
        #expect(
            result.users(for: key) == [
                ExactBytes([0x4A, 0x6F, 0x73, 0xC3, 0xA9]), ExactBytes([0x4A, 0x6F, 0x73, 0x65, 0xCC, 0x81]),
            ])
    }

    @Test("the kind must match exactly and the app is the second dash field; other items are ignored")
    func kindsAndApps() throws {
        let result = Self.aggregate([
            Self.session("session-big-app-with-dashes-1", user: "u1", at: "2025-03-01T10:00:00Z"),
            Self.session("Session-big-2", user: "u2", at: "2025-03-01T10:00:00Z"),
            Self.session("sessions-big-3", user: "u3", at: "2025-03-01T10:00:00Z"),
            Self.session("session-big", user: "u4", at: "2025-03-01T10:00:00Z"),
            #"{"Item":{"modelId":{"S":"profile-1"},"updatedAt":{"S":"2025-03-01T10:00:00Z"}}}"#,
            #"{"Item":{"modelId":{"N":"1"}}}"#,
        ])
        #expect(result.dailyMetrics().count == 1)
        #expect(try #require(Self.metrics(result, "2025-03-01", "big")).activeUsers == 1)
        #expect(result.counts.ignored == 5)
        #expect(result.apps == [ExactBytes("big")])
    }

    @Test("parties count on their creation day and joins on each member's joinedAt day")
    func parties() throws {
        let result = Self.aggregate([
            Self.party(
                "party-pop-1", at: "2025-03-01T23:00:00Z", joins: ["2025-03-01T23:10:00Z", "2025-03-02T00:10:00Z"]),
            Self.party("party-pop-2", at: "2025-03-02T10:00:00Z", joins: []),
        ])
        let first = try #require(Self.metrics(result, "2025-03-01", "pop"))
        let second = try #require(Self.metrics(result, "2025-03-02", "pop"))
        #expect((first.partiesCreated, first.partiesJoined) == (1, 1))
        #expect((second.partiesCreated, second.partiesJoined) == (1, 1))
        #expect(first.activeUsers == 0 && first.gamesPlayed == 0)
    }

    @Test("a member without joinedAt is a malformed member: counted, skipped, the party still counts")
    func malformedMember() throws {
        let result = Self.aggregate([
            Self.party("party-pop-1", at: "2025-03-01T10:00:00Z", joins: [nil, "2025-03-01T11:00:00Z", "soon"])
        ])
        let day = try #require(Self.metrics(result, "2025-03-01", "pop"))
        #expect((day.partiesCreated, day.partiesJoined) == (1, 1))
        #expect(result.malformed == ["malformed-member": 1, "invalid-joinedAt": 1])
        #expect(result.counts.malformed == 0)
    }

    @Test("malformed lines and items are counted per reason with at most five samples, never fatal")
    func malformedCounting() throws {
        var lines = [
            "not json",
            #"{"Metadata":{}}"#,
            #"{"Item":{"modelId":{"S":"session-a-1"},"createdAt":{"S":"2025-03-01T10:00:00Z"}}}"#,
            Self.session("session-a-2", user: "u", at: "2025-02-30T10:00:00Z"),
            Self.session("session-a-3", user: "u", at: "2025-03-01T10:00:00Z", games: "2.5"),
            #"{"Item":{"modelId":{"S":"party-a-4"}}}"#,
            Self.session("session--5", user: "u", at: "2025-03-01T10:00:00Z"),
        ]
        lines += Array(repeating: "{", count: 3)
        lines.append(Self.session("session-a-6", user: "u", at: "2025-03-01T10:00:00Z"))
        let result = Self.aggregate(lines)
        #expect(
            result.malformed == [
                "invalid-json": 4, "no-image": 1, "missing-userId": 1, "invalid-createdAt": 1,
                "invalid-gamesPlayed": 1, "missing-createdAt": 1, "empty-app": 1,
            ])
        #expect(result.counts.malformed == 10)
        #expect(result.samples.count == 5)
        #expect(result.samples.first?.line == 1)
        #expect(result.samples.first?.reason == .invalidJSON)
        #expect(try #require(Self.metrics(result, "2025-03-01", "a")).activeUsers == 1)
    }

    @Test("deletes are counted and not aggregated")
    func deletes() {
        let result = Self.aggregate([
            #"{"Metadata":{"WriteTimestampMicros":{"N":"1"}},"Keys":{"modelId":{"S":"session-a-1"}},"#
                + #""OldImage":{"modelId":{"S":"session-a-1"},"userId":{"S":"u"},"createdAt":{"S":"2025-03-01"}}}"#
        ])
        #expect(result.counts.deletes == 1)
        #expect(result.counts.items == 0)
        #expect(result.dailyMetrics().isEmpty)
    }

    @Test("with a day range, every app seen gets a zero row for the days it has nothing")
    func zeroRows() throws {
        let result = Self.aggregate([
            Self.session("session-a-1", user: "u", at: "2025-03-02T10:00:00Z"),
            Self.party("party-b-1", at: "2025-02-20T10:00:00Z", joins: []),
        ])
        let start = try #require(CivilDate(iso8601: "2025-03-01"))
        let end = try #require(CivilDate(iso8601: "2025-03-03"))
        let rows = result.dailyMetrics(days: start...end)
        #expect(
            rows.map { "\($0.date)|\($0.app)|\($0.activeUsers)" } == [
                "2025-03-01|a|0", "2025-03-01|b|0", "2025-03-02|a|1", "2025-03-02|b|0", "2025-03-03|a|0",
                "2025-03-03|b|0",
            ])
    }

    @Test(
        "a date read again after a valid one is still checked: a bad time or a bad date of the same prefix is invalid")
    func repeatedDates() throws {
        let result = Self.aggregate([
            Self.party(
                "party-fizz-1", at: "2025-05-05T05:58:58.000Z",
                joins: ["2025-05-05T06:36:09.000Z", "2025-05-05T25:00:00Z"]),
            Self.session("session-fizz-2", user: "u1", at: "2025-05-05T99:00:00Z"),
            Self.session("session-fizz-3", user: "u2", at: "2025-02-29T10:00:00Z"),
            Self.session("session-fizz-4", user: "u3", at: "2025-05-05T23:59:59-01:00"),
            Self.session("session-fizz-5", user: "u4", at: "2025-05-05"),
        ])
        #expect(result.malformed[MalformedReason.invalidJoinedAt.rawValue] == 1)
        #expect(result.malformed[MalformedReason.invalidCreatedAt.rawValue] == 2)
        #expect(Self.metrics(result, "2025-05-05", "fizz")?.partiesJoined == 1)
        #expect(Self.metrics(result, "2025-05-05", "fizz")?.activeUsers == 1)
        #expect(Self.metrics(result, "2025-05-06", "fizz")?.activeUsers == 1)
    }
}
