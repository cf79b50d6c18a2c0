import AWS
import BackfillCore
import BackfillTesting
import HTTP
import MacroGapFill
import Synchronization
import Testing
import Timekeeping

@Suite("DynamoDB macro table against moto_server")
struct DynamoDBMacroTableTests {
    static let table = DynamoDBTableDefinition(name: "macro", partitionKey: .init("date"))
    static let required = MacroFieldMap.defaults.requiredFields
    static let filledAt = Timestamp(millisecondsSince1970: 1_763_712_000_000)

    static func date(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }

    /// A complete item for `day` with an extra attribute no fill may touch.
    static func complete(_ day: CivilDate) -> DynamoDBItem {
        var item: DynamoDBItem = ["date": .string(day.iso8601), "note": "kept"]
        for (index, field) in required.enumerated() { item[field] = .number(Double(index) + 0.5) }
        return item
    }

    func withTable(_ body: (DynamoDBMacroTable, DynamoDBClient) async throws -> Void) async throws {
        try await MotoServer.withServer { moto in
            try await CurlHTTPClient.withClient { http in
                let dynamo = DynamoDBClient(client: AWSClient(configuration: moto.configuration(), transport: http))
                try await dynamo.createTable(Self.table)
                try await body(
                    DynamoDBMacroTable(dynamo: dynamo, tableName: "macro", segments: 3, pageLimit: 40), dynamo)
            }
        }
    }

    @Test("a paged, segmented scan reads every item's kinds and unavailable map, and finds the gaps")
    func scan() async throws {
        try await withTable { table, dynamo in
            let days = TradingCalendar.nyse.tradingDays(from: Self.date("2024-01-01"), through: Self.date("2024-12-31"))
            var writes: [DynamoDBClient.WriteRequest] = []
            for (index, day) in days.enumerated() where index % 10 != 3 {
                var item = Self.complete(day)
                if index % 10 == 5 { item["vix"] = nil }
                if index % 10 == 7 { item["dxy"] = "n/a" }
                if index % 10 == 9 {
                    item["treasury_2y"] = nil
                    item["unavailable"] = .map(["treasury_2y": "no_value"])
                }
                writes.append(.put(item))
            }
            writes.append(.put(Self.complete(Self.date("2024-07-06"))))  // a Saturday
            writes.append(.put(["date": "2024-13-01", "vix": 1]))
            try await dynamo.batchWrite(table: "macro", writes)

            let progress = Mutex<[Int]>([])
            let scanned = try await table.scan(requiredFields: Self.required) { seen in
                progress.withLock { $0.append(seen) }
            }
            #expect(scanned.items.count == writes.count - 1)
            #expect(scanned.malformedDates == ["2024-13-01"])
            #expect(scanned.segments == 3)
            #expect(scanned.pages >= writes.count / 40)
            #expect(progress.withLock { $0.last } == writes.count)

            let result = try GapScan(requiredFields: Self.required).classify(
                items: scanned.items, from: Self.date("2024-01-01"), through: Self.date("2024-12-31"))
            let indexed = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
            #expect(result.expectedDays == days.count)
            #expect(result.missing.allSatisfy { indexed[$0]! % 10 == 3 })
            #expect(result.missing.count == days.indices.filter { $0 % 10 == 3 }.count)
            #expect(result.incomplete.allSatisfy { [5, 7].contains(indexed[$0]! % 10) })
            #expect(result.incomplete.count == days.indices.filter { [5, 7].contains($0 % 10) }.count)
            #expect(result.unavailable.count == days.indices.filter { $0 % 10 == 9 }.count)
            #expect(result.closedDayItems == [Self.date("2024-07-06")])
        }
    }

    @Test("writes set only the given fields, merge the unavailable map and keep other attributes")
    func writes() async throws {
        try await withTable { table, dynamo in
            let existing = Self.date("2024-10-14")
            var item = Self.complete(existing)
            item["treasury_2y"] = nil
            item["unavailable"] = .map(["vix": "no_observation", "treasury_2y": "no_value"])
            try await dynamo.putItem(table: "macro", item: item)

            try await table.write(
                MacroItemUpdate(
                    date: existing, values: ["treasury_2y": 4.05, "cpi": 315.6],
                    unavailable: ["gdp_growth": .noObservation], filledAt: Self.filledAt))
            let updated = try #require(try await dynamo.getItem(table: "macro", key: ["date": "2024-10-14"]))
            #expect(updated["note"] == "kept")
            #expect(updated["treasury_2y"]?.doubleValue == 4.05)
            #expect(updated["cpi"]?.doubleValue == 315.6)
            #expect(updated["vix"] == item["vix"])
            #expect(updated["source"] == "FRED")
            #expect(updated["filled_at"] == .string(Self.filledAt.iso8601))
            #expect(updated["unavailable"] == .map(["vix": "no_observation", "gdp_growth": "no_observation"]))

            // A new date: the item is created with the fields and reasons.
            let fresh = Self.date("2005-03-01")
            try await table.write(
                MacroItemUpdate(
                    date: fresh, values: ["vix": 12.5], unavailable: ["dxy": .beforeSeriesStart],
                    filledAt: Self.filledAt))
            let created = try #require(try await dynamo.getItem(table: "macro", key: ["date": "2005-03-01"]))
            #expect(created["vix"]?.doubleValue == 12.5)
            #expect(created["unavailable"] == .map(["dxy": "before_series_start"]))

            // Values only: one UpdateItem, and an empty unavailable map appears.
            try await table.write(
                MacroItemUpdate(date: Self.date("2005-03-02"), values: ["vix": 13], filledAt: Self.filledAt))
            let plain = try #require(try await dynamo.getItem(table: "macro", key: ["date": "2005-03-02"]))
            #expect(plain["unavailable"] == .map([:]))

            let rescanned = try await table.scan(requiredFields: Self.required, progress: nil)
            let scannedExisting = try #require(rescanned.items.first { $0.date == existing })
            #expect(scannedExisting.fields.count == Self.required.count)
            #expect(scannedExisting.unavailable == ["vix": "no_observation", "gdp_growth": "no_observation"])
        }
    }
}
