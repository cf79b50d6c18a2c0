public import AWS
import BackfillCore
import JSON
import Redaction
import Timekeeping

/// The real ``CostSource``: AWS Cost Explorer through ``CostExplorerClient``, one request per call. AWS errors
/// become ``CostBackfillError``s: `DataUnavailableException` → `dataUnavailable`, throttling codes →
/// `throttled`, 5xx and transport failures → `transient`, everything else → `source`; messages have 12-digit
/// account ids and key ids redacted.
///
/// Give it a client whose retry mode makes one attempt: ``PacedCostSource`` does the retrying, so every
/// retry also waits for the shared rate limit.
public struct CostExplorerSource: CostSource {
    /// The Cost Explorer client.
    public let client: CostExplorerClient

    /// A source over `client`.
    public init(client: CostExplorerClient) {
        self.client = client
    }

    public func costAndUsage(_ query: CostQuery, nextPageToken: String?) async throws -> CostPage {
        let page: CostExplorerClient.CostAndUsagePage
        do {
            page = try await client.getCostAndUsage(
                start: query.period.start, end: query.period.end, granularity: "MONTHLY", metrics: query.metrics,
                groupBy: query.groupBy.map { (type: $0.type, key: $0.key) }, nextPageToken: nextPageToken)
        } catch let error as AWSError {
            throw Self.translate(error, operation: "GetCostAndUsage", period: query.period)
        }
        return Self.parse(results: page.resultsByTime, nextPageToken: page.nextPageToken)
    }

    public func costCategoryNames(_ period: CostPeriod, nextPageToken: String?) async throws -> CostCategoryPage {
        var input: JSONObject = [
            "TimePeriod": ["Start": .string(period.start.iso8601), "End": .string(period.end.iso8601)]
        ]
        if let nextPageToken { input["NextPageToken"] = .string(nextPageToken) }
        let output: JSONValue
        do {
            output = try await client.client.callJSON(.costExplorer, "GetCostCategories", .object(input))
        } catch let error as AWSError {
            throw Self.translate(error, operation: "GetCostCategories", period: period)
        }
        return CostCategoryPage(
            names: output["CostCategoryNames"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            nextPageToken: output["NextPageToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The groups of every `ResultsByTime` entry, in order; `Estimated` if any entry is.
    static func parse(results: [JSONValue], nextPageToken: String?) -> CostPage {
        var groups: [CostGroup] = []
        var estimated = false
        for result in results {
            if result["Estimated"]?.boolValue == true { estimated = true }
            for group in result["Groups"]?.arrayValue ?? [] {
                var metrics: [String: CostAmount] = [:]
                for (name, value) in group["Metrics"]?.objectValue ?? [:] {
                    let amount = value["Amount"]?.stringValue.flatMap(Double.init) ?? value["Amount"]?.doubleValue
                    metrics[name] = CostAmount(amount ?? 0, unit: value["Unit"]?.stringValue ?? "")
                }
                groups.append(
                    CostGroup(keys: group["Keys"]?.arrayValue?.compactMap(\.stringValue) ?? [], metrics: metrics))
            }
        }
        return CostPage(groups: groups, isEstimated: estimated, nextPageToken: nextPageToken)
    }

    /// The handler's error for an AWS failure, keeping the AWS error's service, operation, status and request id.
    static func translate(_ error: AWSError, operation: String, period: CostPeriod) -> CostBackfillError {
        var translated = classify(error, operation: operation, period: period)
        translated.aws = AWSErrorDetails(error)
        return translated
    }

    /// The handler's error code and message for an AWS failure.
    static func classify(_ error: AWSError, operation: String, period: CostPeriod) -> CostBackfillError {
        let context = ["operation": operation, "period": period.key]
        let detail = SecretRedactor.errors.redact(
            [error.serviceCode, error.message].compactMap { $0 }.joined(separator: ": "), limit: 400)
        if error.serviceCode == "DataUnavailableException" {
            return CostBackfillError(.dataUnavailable, "Cost Explorer has no data for \(period.key)", context: context)
        }
        switch RetryClassifier.classify(error) {
        case .throttling:
            return CostBackfillError(
                .throttled, "Cost Explorer \(operation) throttled: \(detail)", context: context,
                retryAfter: error.retryAfter)
        case .transient:
            return CostBackfillError(.transient, "Cost Explorer \(operation) failed: \(detail)", context: context)
        case .notRetryable:
            return CostBackfillError(.source, "Cost Explorer \(operation) failed: \(detail)", context: context)
        }
    }
}
