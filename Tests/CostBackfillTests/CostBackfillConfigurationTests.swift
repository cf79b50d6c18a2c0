import CostBackfill
import Testing

@Suite("cost-backfill configuration")
struct CostBackfillConfigurationTests {
    @Test("DATA_BUCKET is required, with a clear message")
    func bucketRequired() {
        #expect(throws: CostBackfillError(.configuration, "DATA_BUCKET environment variable is required")) {
            try CostBackfillConfiguration(environment: ["DATA_PREFIX": "cost"])
        }
        #expect(throws: CostBackfillError(.configuration, "DATA_BUCKET environment variable is required")) {
            try CostBackfillConfiguration(environment: ["DATA_BUCKET": "  "])
        }
    }

    @Test("defaults, and every variable read")
    func variables() throws {
        let defaults = try CostBackfillConfiguration(environment: ["DATA_BUCKET": "b"])
        #expect(defaults.dataPrefix == "" && defaults.costCategoryName == nil && defaults.workloadTag == "App")
        #expect(defaults.maxRequestsPerSecond == 5 && defaults.concurrency == 4 && defaults.jobsTable == "BackfillJobs")
        #expect(defaults.leaseDuration == .seconds(60))
        let custom = try CostBackfillConfiguration(environment: [
            "DATA_BUCKET": "b", "DATA_PREFIX": "/cost/monthly", "COST_CATEGORY_NAME": "Team", "CE_MAX_RPS": "2",
            "COST_CONCURRENCY": "3", "JOBS_TABLE": "Jobs", "BACKFILL_LEASE_SECONDS": "5", "COST_WORKLOAD_TAG": "Svc",
        ])
        #expect(custom.dataPrefix == "cost/monthly/")
        #expect(custom.destination == "s3://b/cost/monthly/")
        #expect(custom.costCategoryName == "Team" && custom.workloadTag == "Svc")
        #expect(custom.maxRequestsPerSecond == 2 && custom.concurrency == 3 && custom.jobsTable == "Jobs")
        #expect(custom.leaseDuration == .seconds(5))
    }

    @Test("a malformed number names the variable and its range")
    func malformed() {
        #expect(throws: CostBackfillError(.configuration, #"CE_MAX_RPS must be an integer from 1 to 100, got "fast""#))
        {
            try CostBackfillConfiguration(environment: ["DATA_BUCKET": "b", "CE_MAX_RPS": "fast"])
        }
        #expect(
            throws: CostBackfillError(
                .configuration, #"BACKFILL_LEASE_SECONDS must be an integer from 1 to 60, got "90""#)
        ) {
            try CostBackfillConfiguration(environment: ["DATA_BUCKET": "b", "BACKFILL_LEASE_SECONDS": "90"])
        }
    }
}
