public import CostBackfill
import Synchronization

/// A ``CostSource`` in memory, for tests: months of groups served in pages, scripted failures and throttling,
/// and a log of every call.
public final class InMemoryCostSource: CostSource {
    /// One month's answers.
    public struct Month: Sendable, Hashable {
        /// Groups of the usage query (`[tag value, usage type]` keys, NetAmortizedCost and UsageQuantity).
        public var usage: [CostGroup]
        /// Groups of the cost category query (`[tag value, category value]` keys, NetAmortizedCost).
        public var centres: [CostGroup]
        public var isEstimated: Bool

        /// A month.
        public init(usage: [CostGroup], centres: [CostGroup] = [], isEstimated: Bool = false) {
            self.usage = usage
            self.centres = centres
            self.isEstimated = isEstimated
        }
    }

    /// One call as the source received it.
    public struct Call: Sendable, Hashable {
        /// `GetCostAndUsage` or `GetCostCategories`.
        public var operation: String
        public var period: String
        public var groupBy: [CostGrouping]
        public var nextPageToken: String?
    }

    private struct State {
        var months: [String: Month]
        var failures: [String: CostBackfillError] = [:]
        var throttlesLeft = 0
        var calls: [Call] = []
    }

    private let state: Mutex<State>
    /// Category names GetCostCategories lists.
    public let categoryNames: [String]
    /// Groups per page.
    public let pageSize: Int

    /// A source answering `months` (keyed `YYYY-MM`; absent months have no data).
    public init(months: [String: Month], categoryNames: [String] = [], pageSize: Int = 100) {
        state = Mutex(State(months: months))
        self.categoryNames = categoryNames
        self.pageSize = max(1, pageSize)
    }

    /// Every call so far, in order.
    public var calls: [Call] { state.withLock { $0.calls } }

    /// Makes every call for `period` fail with `error`.
    public func fail(_ period: String, with error: CostBackfillError) {
        state.withLock { $0.failures[period] = error }
    }

    /// Answers the next `count` calls with a throttling error.
    public func throttleNext(_ count: Int) {
        state.withLock { $0.throttlesLeft = count }
    }

    public func costAndUsage(_ query: CostQuery, nextPageToken: String?) async throws -> CostPage {
        let month = try record(
            Call(
                operation: "GetCostAndUsage", period: query.period.key, groupBy: query.groupBy,
                nextPageToken: nextPageToken))
        guard let month else {
            throw CostBackfillError(.dataUnavailable, "no data for \(query.period.key)")
        }
        let isCategory = query.groupBy.contains { $0.type == "COST_CATEGORY" }
        let groups = isCategory ? month.centres : month.usage
        let start = Int(nextPageToken ?? "0") ?? 0
        let end = min(start + pageSize, groups.count)
        return CostPage(
            groups: Array(groups[min(start, end)..<end]), isEstimated: month.isEstimated,
            nextPageToken: end < groups.count ? String(end) : nil)
    }

    public func costCategoryNames(_ period: CostPeriod, nextPageToken: String?) async throws -> CostCategoryPage {
        _ = try record(
            Call(operation: "GetCostCategories", period: period.key, groupBy: [], nextPageToken: nextPageToken))
        return CostCategoryPage(names: categoryNames, nextPageToken: nil)
    }

    /// Logs `call`; throws a scripted throttle or failure; returns the month (nil when it has no data).
    private func record(_ call: Call) throws -> Month? {
        try state.withLock { state in
            state.calls.append(call)
            if state.throttlesLeft > 0 {
                state.throttlesLeft -= 1
                throw CostBackfillError(.throttled, "LimitExceededException: rate exceeded")
            }
            if let failure = state.failures[call.period] { throw failure }
            return state.months[call.period]
        }
    }
}
