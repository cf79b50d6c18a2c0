/// Everything `cost-backfill` needs from its environment, parsed once at init by the composition root (the
/// handler itself never reads the environment).
///
/// | Variable | Meaning | Default |
/// |---|---|---|
/// | `DATA_BUCKET` | the output bucket | required |
/// | `DATA_PREFIX` | a key prefix inside it (`cost` → `cost/2025-10/summary.json`) | none |
/// | `COST_CATEGORY_NAME` | the cost category mapping workloads to cost centres | the first category found |
/// | `COST_WORKLOAD_TAG` | the cost allocation tag naming a workload | `App` |
/// | `CE_MAX_RPS` | Cost Explorer requests a second, across all months in flight | 5 |
/// | `COST_CONCURRENCY` | months processed at once | 4 |
/// | `JOBS_TABLE` | the tracker's DynamoDB table | `BackfillJobs` |
/// | `BACKFILL_LEASE_SECONDS` | how long a claimed month is held without renewal (1–60) | 60 |
public struct CostBackfillConfiguration: Sendable, Hashable {
    /// The output bucket.
    public var dataBucket: String
    /// The key prefix, empty or ending in `/`.
    public var dataPrefix: String
    /// The cost category mapping workloads to cost centres; nil uses the first category Cost Explorer lists.
    public var costCategoryName: String?
    /// The tag key that names a workload.
    public var workloadTag: String
    /// Cost Explorer requests a second, shared by every month in flight.
    public var maxRequestsPerSecond: Int
    /// Months processed at once.
    public var concurrency: Int
    /// The tracker's table.
    public var jobsTable: String
    /// The lease on a claimed month.
    public var leaseDuration: Duration

    /// A configuration given in code (tests, tools).
    public init(
        dataBucket: String,
        dataPrefix: String = "",
        costCategoryName: String? = nil,
        workloadTag: String = "App",
        maxRequestsPerSecond: Int = 5,
        concurrency: Int = 4,
        jobsTable: String = "BackfillJobs",
        leaseDuration: Duration = .seconds(60)
    ) {
        self.dataBucket = dataBucket
        self.dataPrefix = Self.normalizedPrefix(dataPrefix)
        self.costCategoryName = costCategoryName.flatMap { $0.isEmpty ? nil : $0 }
        self.workloadTag = workloadTag
        self.maxRequestsPerSecond = maxRequestsPerSecond
        self.concurrency = concurrency
        self.jobsTable = jobsTable
        self.leaseDuration = leaseDuration
    }

    /// Parses the variables above; throws a `configuration` error naming the variable that is missing or wrong.
    public init(environment: [String: String]) throws(CostBackfillError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingWhitespace, !text.isEmpty else { return nil }
            return text
        }
        func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(CostBackfillError) -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw CostBackfillError(
                    .configuration,
                    "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
            }
            return number
        }
        guard let bucket = value("DATA_BUCKET") else {
            throw CostBackfillError(.configuration, "DATA_BUCKET environment variable is required")
        }
        self.init(
            dataBucket: bucket,
            dataPrefix: value("DATA_PREFIX") ?? "",
            costCategoryName: value("COST_CATEGORY_NAME"),
            workloadTag: value("COST_WORKLOAD_TAG") ?? "App",
            maxRequestsPerSecond: try integer("CE_MAX_RPS", default: 5, range: 1...100),
            concurrency: try integer("COST_CONCURRENCY", default: 4, range: 1...16),
            jobsTable: value("JOBS_TABLE") ?? "BackfillJobs",
            leaseDuration: .seconds(try integer("BACKFILL_LEASE_SECONDS", default: 60, range: 1...60))
        )
    }

    /// `s3://bucket/prefix`: the job's destination as operators see it.
    public var destination: String { "s3://\(dataBucket)/\(dataPrefix)" }

    /// `""` stays empty; anything else loses leading slashes and gains one trailing slash.
    static func normalizedPrefix(_ prefix: String) -> String {
        let trimmed = String(prefix.drop { $0 == "/" })
        guard !trimmed.isEmpty else { return "" }
        return trimmed.hasSuffix("/") ? trimmed : trimmed + "/"
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
