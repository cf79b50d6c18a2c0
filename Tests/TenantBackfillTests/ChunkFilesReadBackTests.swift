import ConnectWiseConnector
import ConnectWiseFake
import Formats
import HTTP
import JSON
import ServiceNowConnector
import ServiceNowFake
import SourceConnector
import TenantBackfill
import Testing
import Timekeeping

@Suite("Chunk files from the fakes, read back by pyarrow and duckdb as one table")
struct ChunkFilesReadBackTests {
    /// Fetches every page of one chunk.
    typealias Fetch = @Sendable (SourceWindow) async throws -> [JSONValue]

    /// What writing a table's chunks produced, as the Swift side counted it.
    struct Written {
        var keptIDs: [String] = []
        var rejected = 0
        var duplicates = 0
        var dataColumns: RowSchema?
    }

    /// Runs the chunk pieces the way the handler will: fetch, clean, pin (or use) the schema, write the raw
    /// Parquet file and the rejected file at their layout keys under `root`.
    static func writeChunks(
        root: String, service: String, table: String, settings: TenantBackfillSettings.Service,
        chunks: [(CivilDate, CivilDate)], fetch: Fetch
    ) async throws -> Written {
        var written = Written()
        var storedSchema: JSONValue? = settings.schemas[table].map(TenantTableSchema.json(of:))
        let jobID = TenantRawLayout.jobID(tenantID: "tenant-a", service: service, start: chunks[0].0)
        for (start, end) in chunks {
            var records = ChunkRecords(idField: settings.idField, updatedField: settings.updatedField)
            records.add(contentsOf: try await fetch(SourceWindow(startDate: start, endDate: end)))
            if storedSchema == nil, let pinned = try TenantTableSchema.pin(from: records.records.map(\.object)) {
                storedSchema = TenantTableSchema.json(of: pinned)
            }
            let dataColumns = try TenantTableSchema.dataColumns(from: try #require(storedSchema))
            written.dataColumns = dataColumns
            let chunk = ChunkParquetWriter.Chunk(
                tenantID: "tenant-a", service: service, table: table, jobID: jobID, start: start, end: end,
                extractedAt: Timestamp(secondsSince1970: 1_764_547_200))
            let rawPath =
                root + "/"
                + TenantRawLayout.rawKey(tenantID: "tenant-a", service: service, table: table, start: start, end: end)
            try makeParentDirectory(of: rawPath)
            let writer = try ChunkParquetWriter(
                dataColumns: dataColumns, chunk: chunk, sink: try FileByteSink(path: rawPath))
            try await writer.write(records: records.records)
            let summary = try await writer.finish()
            #expect(summary.rowCount == records.records.count)
            let rejectedPath =
                root + "/"
                + TenantRawLayout.rejectedKey(
                    tenantID: "tenant-a", service: service, table: table, start: start, end: end)
            try makeParentDirectory(of: rejectedPath)
            let lines = try await RejectedRecordsWriter.write(
                records.rejected, chunk: chunk, sink: try FileByteSink(path: rejectedPath))
            #expect(lines == records.rejected.count)
            written.keptIDs += records.records.map(\.id)
            written.rejected += records.rejected.count
            written.duplicates += records.duplicateCount
        }
        return written
    }

    static let connectWiseChunks = [
        (CivilDate(year: 2023, month: 1, day: 1), CivilDate(year: 2023, month: 1, day: 31)),
        (CivilDate(year: 2023, month: 1, day: 31), CivilDate(year: 2023, month: 3, day: 2)),
        (CivilDate(year: 2023, month: 3, day: 2), CivilDate(year: 2023, month: 3, day: 20)),
    ]

    @Test("ConnectWise chunks with shifting pages and bad records: one deduplicated table, rejects accounted for")
    func connectWise() async throws {
        var options = ConnectWiseFake.Options()
        options.data = ConnectWiseFakeData(count: 2000)
        options.shiftingPages = 2
        options.missingIDEvery = 37
        options.badTimestampEvery = 41
        let fake = try ConnectWiseFake(options: options)
        defer { fake.stop() }
        let settings = try TenantBackfillSettings.defaults.service("connectwise")
        let credentials = try ConnectWiseCredentials(
            secretName: "s",
            json: [
                "api_url": .string(fake.endpoint), "company_id": "acme", "public_key": "fake-public",
                "private_key": "fake-private", "client_id": "fake-client",
            ])
        let chunks = Self.connectWiseChunks
        let expectedIndices = options.data.indices(from: chunks[0].0.startTimestamp, to: chunks[2].1.startTimestamp)
            .filter { ($0 + 1) % 37 != 0 && ($0 + 1) % 41 != 0 }
        try await withTemporaryDirectory { root in
            let written = try await CurlHTTPClient.withClient { http in
                let client = ConnectWiseClient(credentials: credentials, transport: http)
                return try await Self.writeChunks(
                    root: root, service: "connectwise", table: "service/tickets", settings: settings, chunks: chunks
                ) { window in
                    var records: [JSONValue] = []
                    var page: Int? = 1
                    while let current = page {
                        let result = try await client.fetchPage(
                            table: "service/tickets", window: window, page: current,
                            conditionsField: settings.conditionsField(for: "service/tickets"), pageSize: 25)
                        records += result.records
                        page = result.next
                    }
                    return records
                }
            }
            #expect(written.duplicates > 0)
            let result = try ReadBackScript.read(
                directory: root + "/tenant-a/raw/connectwise/tickets",
                rejectedDirectory: root + "/tenant-a/raw/connectwise/tickets/_rejected", idColumn: "id")
            #expect(result["files"] == 3 && result["same_schema"] == true)
            #expect(result["total"]?.intValue == Int64(expectedIndices.count))
            #expect(result["distinct_ids"]?.intValue == Int64(expectedIndices.count))
            #expect(result["distinct_hashes"]?.intValue == Int64(expectedIndices.count))
            #expect(result["chunks"] == 3)
            #expect(result["ids"]?.arrayValue?.compactMap(\.stringValue) == expectedIndices.map { String($0 + 1) })
            #expect(result["rejected"]?.arrayValue?.count == written.rejected)
            let reasons = Set(result["rejected"]?.arrayValue?.compactMap { $0["reason"]?.stringValue } ?? [])
            #expect(reasons == ["missing id (id)", "unparseable updated time (_info/lastUpdated)"])
            let columns = Dictionary(
                uniqueKeysWithValues: (result["columns"]?.arrayValue ?? []).compactMap { pair in
                    pair.arrayValue.flatMap { $0.count == 2 ? ($0[0].stringValue ?? "", $0[1].stringValue ?? "") : nil }
                })
            #expect(columns["id"] == "BIGINT" && columns["closedFlag"] == "BOOLEAN")
            #expect(columns["_chunk_start"] == "DATE" && columns["_extracted_at"] == "TIMESTAMP WITH TIME ZONE")
            #expect(["JSON", "VARCHAR"].contains(columns["board"] ?? ""))
            #expect(result["metadata"]?["backfill.job_id"] == "backfill_tenant-a_connectwise_20230101")
            let first = try #require(result["first"])
            #expect(first["_tenant_id"] == "tenant-a" && first["_table"] == "service/tickets")
            let board = try JSONParser.parse(try #require(first["board"]?.stringValue))
            #expect(board["name"]?.stringValue != nil)
        }
    }

    @Test("ServiceNow chunks in a declared schema: typed timestamps, members outside it kept in _extra")
    func serviceNow() async throws {
        var options = ServiceNowFake.Options()
        options.data = ServiceNowFakeData(count: 1000)
        options.shiftingPages = 3
        let fake = try ServiceNowFake(options: options)
        defer { fake.stop() }
        let document = try JSONParser.parse(
            """
            {"service_settings":{"servicenow":{"schemas":{"incident":{"columns":[
              {"name":"sys_id","type":"string","nullable":false},{"name":"number","type":"string"},
              {"name":"sys_updated_on","type":"timestamp_millis"},{"name":"u_custom_score","type":"double"},
              {"name":"u_tags","type":"json"},{"name":"priority","type":"int64"}]}}}}}
            """)
        let settings = try TenantBackfillSettings.defaults.merged(with: document).service("servicenow")
        let credentials = try ServiceNowCredentials(
            secretName: "s",
            json: ["instance_url": .string(fake.endpoint), "username": "svc-backfill", "password": "fake-password"])
        let chunks = [
            (CivilDate(year: 2024, month: 1, day: 1), CivilDate(year: 2024, month: 1, day: 15)),
            (CivilDate(year: 2024, month: 1, day: 15), CivilDate(year: 2024, month: 1, day: 29)),
        ]
        let expected = options.data.indices(from: chunks[0].0.startTimestamp, to: chunks[1].1.startTimestamp)
        try await withTemporaryDirectory { root in
            let written = try await CurlHTTPClient.withClient { http in
                let client = ServiceNowClient(credentials: credentials, transport: http)
                return try await Self.writeChunks(
                    root: root, service: "servicenow", table: "incident", settings: settings, chunks: chunks
                ) { window in
                    var records: [JSONValue] = []
                    var offset: Int? = 0
                    while let current = offset {
                        let page = try await client.fetchPage(
                            table: "incident", window: window, offset: current, limit: 7)
                        records += page.records
                        offset = page.next
                    }
                    return records
                }
            }
            #expect(written.duplicates > 0 && written.rejected == 0)
            let result = try ReadBackScript.read(
                directory: root + "/tenant-a/raw/servicenow/incident",
                rejectedDirectory: root + "/tenant-a/raw/servicenow/incident/_rejected", idColumn: "sys_id")
            #expect(result["files"] == 2 && result["same_schema"] == true)
            #expect(result["total"]?.intValue == Int64(expected.count))
            #expect(
                result["ids"]?.arrayValue?.compactMap(\.stringValue)
                    == expected.map { ServiceNowFakeData.sysID(table: "incident", index: $0) })
            #expect(result["with_extra"]?.intValue == Int64(expected.count))
            let names = result["columns"]?.arrayValue?.compactMap { $0.arrayValue?.first?.stringValue } ?? []
            #expect(
                names == ["sys_id", "number", "sys_updated_on", "u_custom_score", "u_tags", "priority"]
                    + TenantTableSchema.metadataColumns.map(\.name))
            let first = try #require(result["first"])
            #expect(first["priority"] == .null)
            let extra = try JSONParser.parse(try #require(first["_extra"]?.stringValue))
            #expect(extra["priority"]?.stringValue != nil && extra["short_description"] != nil)
            #expect(first["sys_updated_on"]?.stringValue?.hasPrefix("2024-01-01") == true)
        }
    }
}
