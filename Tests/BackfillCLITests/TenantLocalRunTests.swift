import JSON
import Testing

@testable import BackfillCLI

/// How `backfill tenant trigger --local` merges its workers' answers into `backfill tenant run`'s shape.
@Suite("backfill tenant trigger --local: merging the workers' answers")
struct TenantLocalRunTests {
    static func answer(status: Int64, written: Int64, throttles: Int64, failed: [JSONValue] = []) -> JSONValue {
        [
            "statusCode": .int(status),
            "body": [
                "message": "backfill_complete", "job_id": "j", "succeeded": ["a", "b"], "failed": .array(failed),
                "tables": ["service/tickets": ["written": .int(written), "throttles": .int(throttles)]],
            ],
        ]
    }

    @Test("counts per table summed, workers counted, 200 when every worker's answer was")
    func sums() {
        let merged = TenantLocalRun.merge([
            Self.answer(status: 200, written: 3, throttles: 0), Self.answer(status: 200, written: 4, throttles: 1),
        ])
        #expect(merged["statusCode"] == 200)
        #expect(merged["body"]?["tables"]?["service/tickets"]?["written"] == 7)
        #expect(merged["body"]?["tables"]?["service/tickets"]?["throttles"] == 1)
        #expect(merged["body"]?["workers"] == 2 && merged["body"]?["job_id"] == "j")
        #expect(merged["body"]?["succeeded"] == ["a", "b"], "each worker reports the job's chunks: listed once")
    }

    @Test("a failed chunk in any worker makes the answer 207 and incomplete, with the failure listed")
    func failure() {
        let failure: JSONValue = ["period": "c", "error": "401"]
        let merged = TenantLocalRun.merge([
            Self.answer(status: 200, written: 3, throttles: 0),
            Self.answer(status: 207, written: 0, throttles: 0, failed: [failure]),
        ])
        #expect(merged["statusCode"] == 207)
        #expect(merged["body"]?["message"] == "backfill_incomplete")
        #expect(merged["body"]?["failed"]?.arrayValue == [failure])
    }
}
