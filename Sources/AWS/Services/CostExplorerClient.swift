public import JSON
public import Timekeeping

/// AWS Cost Explorer over JSON 1.1 (always `ce.us-east-1`, signed for us-east-1).
public struct CostExplorerClient: Sendable {
    /// The shared signed client.
    public let client: AWSClient
    /// Attempts per call, overriding the client's retry configuration (1 when the caller paces and retries).
    public var maxAttempts: Int?

    /// Cost Explorer on `client`; `maxAttempts` 1 leaves retries to a caller that paces the requests.
    public init(client: AWSClient, maxAttempts: Int? = nil) {
        self.client = client
        self.maxAttempts = maxAttempts
    }

    /// One page of GetCostAndUsage: `ResultsByTime`, `GroupDefinitions`, `DimensionValueAttributes` as sent.
    public struct CostAndUsagePage: Sendable {
        public var resultsByTime: [JSONValue]
        public var groupDefinitions: [JSONValue]
        public var nextPageToken: String?
        public var raw: JSONValue
    }

    /// One page of costs between `start` (inclusive) and `end` (exclusive).
    /// - Parameters:
    ///   - granularity: `DAILY`, `MONTHLY` or `HOURLY`.
    ///   - metrics: e.g. `UnblendedCost`.
    ///   - groupBy: `(type, key)` pairs such as `("DIMENSION", "SERVICE")` or `("TAG", "workload")`.
    ///   - filter: an `Expression` object, as the API defines it.
    public func getCostAndUsage(
        start: CivilDate,
        end: CivilDate,
        granularity: String = "MONTHLY",
        metrics: [String] = ["UnblendedCost"],
        groupBy: [(type: String, key: String)] = [],
        filter: JSONValue? = nil,
        nextPageToken: String? = nil
    ) async throws -> CostAndUsagePage {
        let output = try await client.callJSON(
            .costExplorer, "GetCostAndUsage",
            .compactObject([
                ("TimePeriod", ["Start": .string(start.iso8601), "End": .string(end.iso8601)]),
                ("Granularity", .string(granularity)), ("Metrics", .array(metrics.map { .string($0) })),
                (
                    "GroupBy",
                    groupBy.isEmpty ? nil : .array(groupBy.map { ["Type": .string($0.type), "Key": .string($0.key)] })
                ),
                ("Filter", filter), ("NextPageToken", nextPageToken.map(JSONValue.string)),
            ]), maxAttempts: maxAttempts)
        return CostAndUsagePage(
            resultsByTime: output["ResultsByTime"]?.arrayValue ?? [],
            groupDefinitions: output["GroupDefinitions"]?.arrayValue ?? [],
            nextPageToken: output["NextPageToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, raw: output)
    }

    /// Every `ResultsByTime` entry, following `NextPageToken`.
    public func getAllCostAndUsage(
        start: CivilDate,
        end: CivilDate,
        granularity: String = "MONTHLY",
        metrics: [String] = ["UnblendedCost"],
        groupBy: [(type: String, key: String)] = [],
        filter: JSONValue? = nil
    ) async throws -> [JSONValue] {
        var results: [JSONValue] = []
        var token: String?
        repeat {
            let page = try await getCostAndUsage(
                start: start, end: end, granularity: granularity, metrics: metrics, groupBy: groupBy, filter: filter,
                nextPageToken: token)
            results += page.resultsByTime
            token = page.nextPageToken
        } while token != nil
        return results
    }

    /// Cost category names (or, with `costCategoryName`, that category's values) active between the dates,
    /// following `NextPageToken`.
    public func getCostCategories(start: CivilDate, end: CivilDate, costCategoryName: String? = nil) async throws
        -> (names: [String], values: [String])
    {
        var names: [String] = []
        var values: [String] = []
        var token: String?
        repeat {
            let output = try await client.callJSON(
                .costExplorer, "GetCostCategories",
                .compactObject([
                    ("TimePeriod", ["Start": .string(start.iso8601), "End": .string(end.iso8601)]),
                    ("CostCategoryName", costCategoryName.map(JSONValue.string)),
                    ("NextPageToken", token.map(JSONValue.string)),
                ]), maxAttempts: maxAttempts)
            names += output["CostCategoryNames"]?.arrayValue?.compactMap(\.stringValue) ?? []
            values += output["CostCategoryValues"]?.arrayValue?.compactMap(\.stringValue) ?? []
            token = output["NextPageToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return (names, values)
    }
}
