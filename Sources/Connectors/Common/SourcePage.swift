public import JSON

/// One page of records as a connector fetched it with exactly one request.
public struct SourcePage: Sendable {
    /// The records, as the source sent them (JSON objects, normally).
    public var records: [JSONValue]
    /// Where the next page starts, or nil after the last one: a page number for ConnectWise, a record offset
    /// for ServiceNow. Pass it back to the same client's `fetchPage`.
    public var next: Int?
    /// The number of records matching the query, when the source reports it (ServiceNow's `X-Total-Count`).
    public var totalCount: Int?
    /// The source's rate-limit headers, when it sent them.
    public var rateLimit: SourceRateLimit?

    public init(records: [JSONValue], next: Int?, totalCount: Int? = nil, rateLimit: SourceRateLimit? = nil) {
        self.records = records
        self.next = next
        self.totalCount = totalCount
        self.rateLimit = rateLimit
    }
}

/// What a source's `X-RateLimit-*` headers said about its limit.
public struct SourceRateLimit: Sendable, Hashable {
    /// Requests allowed in the current window (`X-RateLimit-Limit`).
    public var limit: Int?
    /// Requests left in the window (`X-RateLimit-Remaining`).
    public var remaining: Int?
    /// When the window resets, in seconds since 1970 (`X-RateLimit-Reset`).
    public var resetEpochSeconds: Int64?

    public init(limit: Int?, remaining: Int?, resetEpochSeconds: Int64?) {
        self.limit = limit
        self.remaining = remaining
        self.resetEpochSeconds = resetEpochSeconds
    }
}
