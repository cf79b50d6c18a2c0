import TenantBackfill
import Testing
import Timekeeping

@Suite("Tenant raw layout: deterministic keys per chunk")
struct TenantRawLayoutTests {
    let start = CivilDate(year: 2023, month: 1, day: 1)
    let end = CivilDate(year: 2023, month: 1, day: 31)

    @Test(
        "table_clean is the last path segment",
        arguments: [
            ("service/tickets", "tickets"), ("time/entries", "entries"), ("incident", "incident"),
            ("company/companies", "companies"),
        ])
    func tableClean(table: String, clean: String) {
        #expect(TenantRawLayout.tableClean(table) == clean)
    }

    @Test("raw, rejected and summary keys and the job id follow the existing tool's layout")
    func keys() {
        #expect(
            TenantRawLayout.rawKey(
                tenantID: "t1", service: "connectwise", table: "service/tickets", start: start, end: end)
                == "t1/raw/connectwise/tickets/2023-01-01_2023-01-31.parquet")
        #expect(
            TenantRawLayout.rejectedKey(
                tenantID: "t1", service: "servicenow", table: "incident", start: start, end: end)
                == "t1/raw/servicenow/incident/_rejected/2023-01-01_2023-01-31.ndjson.gz")
        #expect(
            TenantRawLayout.summaryKey(tenantID: "t1", jobID: "backfill_t1_connectwise_20230101")
                == "t1/backfill/backfill_t1_connectwise_20230101.json")
        #expect(
            TenantRawLayout.jobID(tenantID: "t1", service: "connectwise", start: start)
                == "backfill_t1_connectwise_20230101")
    }

    @Test("a partition key round-trips and junk is refused")
    func partitionKeys() throws {
        let key = TenantRawLayout.partitionKey(table: "service/tickets", start: start, end: end)
        #expect(key == "service/tickets|2023-01-01..2023-01-31")
        let parsed = try #require(TenantRawLayout.parsePartitionKey(key))
        #expect(parsed.table == "service/tickets" && parsed.start == start && parsed.end == end)
        for junk in ["incident", "|2023-01-01..2023-01-31", "incident|2023-01-31..2023-01-01", "incident|2023-01-01"] {
            #expect(TenantRawLayout.parsePartitionKey(junk) == nil)
        }
    }
}
