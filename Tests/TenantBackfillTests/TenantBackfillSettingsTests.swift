import Formats
import JSON
import TenantBackfill
import Testing

@Suite("Tenant backfill settings: defaults, the document merged over them, tenant overrides")
struct TenantBackfillSettingsTests {
    @Test("the defaults are the existing tool's")
    func defaults() throws {
        let settings = TenantBackfillSettings.defaults
        let connectwise = try settings.service("connectwise")
        #expect(connectwise.lookbackDays == 730 && connectwise.chunkSizeDays == 30)
        #expect(connectwise.requestsPerMinute == 200 && connectwise.maxRecordsPerChunk == 50_000)
        #expect(connectwise.tables == ["service/tickets", "time/entries", "company/companies"])
        #expect(
            connectwise.connector == .connectwise && connectwise.conditionsField(for: "time/entries") == "lastUpdated")
        let servicenow = try settings.service("servicenow")
        #expect(servicenow.lookbackDays == 365 && servicenow.chunkSizeDays == 14 && servicenow.requestsPerMinute == 100)
        #expect(servicenow.tables == ["incident", "change_request", "problem"] && servicenow.idField == "sys_id")
    }

    @Test("a document replaces the members it names and keeps the rest; a new service starts as a Lambda one")
    func merge() throws {
        let document = try JSONParser.parse(
            """
            {"service_settings":{
              "connectwise":{"chunk_size_days":7,"tables":["time/entries","service/tickets","project/projects"],
                             "conditions_fields":{"time/entries":"_info/lastUpdated"},"max_records_per_chunk":"1000",
                             "schemas":{"project/projects":{"columns":[{"name":"id","type":"int64","nullable":false}]}}},
              "salesforce":{"tables":["Account"],"rate_limit_requests_per_minute":30}
            },"other":1}
            """)
        let merged = try TenantBackfillSettings.defaults.merged(with: document)
        let connectwise = try merged.service("connectwise")
        #expect(connectwise.chunkSizeDays == 7 && connectwise.lookbackDays == 730)
        #expect(connectwise.maxRecordsPerChunk == 1000)
        #expect(connectwise.conditionsField(for: "time/entries") == "_info/lastUpdated")
        #expect(connectwise.conditionsField(for: "service/tickets") == "lastUpdated")
        #expect(connectwise.orderedTables == ["service/tickets", "time/entries", "project/projects"])
        #expect(connectwise.schemas["project/projects"]?.columns.map(\.name) == ["id"])
        let salesforce = try merged.service("salesforce")
        #expect(
            salesforce.connector == .lambda && salesforce.requestsPerMinute == 30 && salesforce.tables == ["Account"])
        #expect(try merged.service("servicenow") == TenantBackfillSettings.defaults.service("servicenow"))
    }

    @Test(
        "a member of the wrong type or out of range is an error naming it",
        arguments: [
            ("{\"service_settings\":{\"servicenow\":{\"chunk_size_days\":0}}}", "servicenow.chunk_size_days"),
            ("{\"service_settings\":{\"servicenow\":{\"chunk_size_days\":366}}}", "servicenow.chunk_size_days"),
            ("{\"service_settings\":{\"servicenow\":{\"tables\":\"incident\"}}}", "servicenow.tables"),
            ("{\"service_settings\":{\"servicenow\":{\"connector\":\"ftp\"}}}", "servicenow.connector"),
            (
                "{\"service_settings\":{\"x\":{\"schemas\":{\"t\":{\"columns\":[{\"name\":\"a\",\"type\":\"uuid\"}]}}}}}",
                "uuid"
            ),
            ("{\"service_settings\":[]}", "service_settings"),
        ])
    func invalid(text: String, mention: String) throws {
        let document = try JSONParser.parse(text)
        let error = #expect(throws: TenantBackfillError.self) {
            _ = try TenantBackfillSettings.defaults.merged(with: document)
        }
        #expect(error?.description.contains(mention) == true)
    }

    @Test("tenant overrides replace lookback, chunk size and tables; a bad one names the tenant")
    func overrides() throws {
        let overrides = try TenantOverrides(
            json: ["lookback_days": 90, "chunk_size_days": "10", "tables": ["incident"]], tenantID: "t-1")
        let service = try TenantBackfillSettings.defaults.service("servicenow").applying(overrides)
        #expect(service.lookbackDays == 90 && service.chunkSizeDays == 10 && service.tables == ["incident"])
        let untouched = try TenantBackfillSettings.defaults.service("servicenow").applying(
            try TenantOverrides(json: ["lookback_days": nil], tenantID: "t-1"))
        #expect(untouched == TenantBackfillSettings.defaults.services["servicenow"])
        let error = #expect(throws: TenantBackfillError.self) {
            _ = try TenantOverrides(json: ["chunk_size_days": 400], tenantID: "t-77")
        }
        #expect(error?.description.contains("t-77") == true)
        #expect(throws: TenantBackfillError.self) { _ = try TenantBackfillSettings.defaults.service("jira") }
    }
}
