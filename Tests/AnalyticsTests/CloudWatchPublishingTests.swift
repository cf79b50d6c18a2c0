import Analytics
import BackfillTesting
import JSON
import Testing
import Timekeeping

@Suite("CloudWatch window and request batches")
struct CloudWatchPublishingTests {
    static let today = CivilDate(year: 2026, month: 3, day: 20)

    /// The last 40 days up to yesterday.
    static var backfillDays: [CivilDate] { (1...40).map { Self.today.adding(days: -$0) } }

    @Test(
        "at any time of day the 11 most recent days are published and nothing 14 days old is",
        arguments: [0, 1, 3_600_000, 43_200_000, 82_800_000, 86_399_999])
    func window(millisecondsIntoDay: Int64) {
        let clock = ManualTimeSource(now: Self.today.startTimestamp + .milliseconds(millisecondsIntoDay))
        let window = CloudWatchWindow()
        let decision = window.decide(days: Self.backfillDays, time: clock)
        for back in 1...11 { #expect(decision.published.contains(Self.today.adding(days: -back)), "\(back) days back") }
        for day in decision.published {
            #expect(clock.now - CloudWatchWindow.timestamp(of: day) <= CloudWatchWindow.maximumAge - window.margin)
        }
        #expect(decision.skipped.contains(Self.today.adding(days: -14)))
        #expect(decision.published.count + decision.skipped.count == 40)
        #expect(decision.reason?.contains("older than 14 days") == true)
        #expect(decision.resultJSON["published_days"] == .int(Int64(decision.published.count)))
        #expect(decision.resultJSON["skipped_days"] == .int(Int64(decision.skipped.count)))
    }

    @Test("the margin moves the edge, but never past 24 hours")
    func margin() {
        let now = Self.today.startTimestamp + .seconds(6 * 3_600)
        let edge = Self.today.adding(days: -13)  // 13 days 6 hours old
        #expect(CloudWatchWindow(margin: .zero).decide(days: [edge], now: now).published == [edge])
        #expect(CloudWatchWindow(margin: .seconds(19 * 3_600)).decide(days: [edge], now: now).skipped == [edge])
        #expect(CloudWatchWindow(margin: .seconds(10 * 86_400)).margin == CloudWatchWindow.maximumMargin)
    }

    @Test("recent days only: nothing skipped and no reason; a day far ahead is skipped")
    func recentAndFuture() {
        let now = Self.today.startTimestamp + .seconds(3_600)
        let recent = CloudWatchWindow().decide(days: [Self.today.adding(days: -1), Self.today], now: now)
        #expect(recent.skipped.isEmpty && recent.reason == nil)
        #expect(recent.resultJSON["reason"] == nil)
        let future = CloudWatchWindow().decide(days: [Self.today.adding(days: 1)], now: now)
        #expect(future.skipped == [Self.today.adding(days: 1)])
        #expect(future.reason?.contains("future") == true)
    }

    static func datums(_ count: Int, appLength: Int = 6) -> [MetricDatum] {
        (0..<count).map { index in
            MetricDatum(
                name: "ActiveUsers", app: "app-\(index % 7)" + String(repeating: "x", count: appLength),
                timestamp: Self.today.startTimestamp, value: Int64(index))
        }
    }

    @Test("batches hold at most 1,000 datums, keep every datum once and in order")
    func datumLimit() {
        let datums = Self.datums(2_501)
        let batches = MetricDatumBatches.batches(namespace: "BubblyClouds/Analytics", datums: datums)
        #expect(batches.map(\.count) == [1_000, 1_000, 501])
        #expect(Array(batches.joined()) == datums)
    }

    @Test("batches stay within the byte limit, measured on the request body itself")
    func byteLimit() {
        let datums = Self.datums(900, appLength: 200)  // about 300 bytes a datum
        let limit = 50_000
        let batches = MetricDatumBatches.batches(
            namespace: "BubblyClouds/Analytics", datums: datums, maximumBytes: limit)
        #expect(batches.count > 1)
        #expect(Array(batches.joined()) == datums)
        for batch in batches {
            let size = MetricDatumBatches.requestBody(namespace: "BubblyClouds/Analytics", datums: batch)
                .serializedBytes().count
            #expect(size <= limit)
        }
        // Full batches are full: one more datum would not have fitted.
        for (index, batch) in batches.dropLast().enumerated() {
            let next = batches[index + 1][0]
            let size = MetricDatumBatches.requestBody(namespace: "BubblyClouds/Analytics", datums: batch + [next])
                .serializedBytes().count
            #expect(size > limit)
        }
    }

    @Test("a day's metrics become four datums with the App dimension and the day's start")
    func datumShape() throws {
        let row = DailyMetrics(
            date: Self.today, app: "zing", activeUsers: 3, gamesPlayed: 9, partiesCreated: 2, partiesJoined: 5)
        let datums = MetricDatum.datums(for: row)
        #expect(datums.map(\.name) == ["ActiveUsers", "GamesPlayed", "PartiesCreated", "PartiesJoined"])
        #expect(datums.map(\.value) == [3, 9, 2, 5])
        let json = datums[0].json
        #expect(json["Dimensions"] == [["Name": "App", "Value": "zing"]])
        #expect(json["Timestamp"] == .int(Self.today.startTimestamp.secondsSince1970))
        #expect(json["Unit"] == "Count")
    }
}
