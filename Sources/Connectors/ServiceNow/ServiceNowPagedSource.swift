public import SourceConnector

/// A ServiceNow client as a `PagedSource`: the cursor is the record offset.
public struct ServiceNowPagedSource: PagedSource {
    public let client: ServiceNowClient
    /// Records per request (`sysparm_limit`).
    public var limit: Int

    public init(client: ServiceNowClient, limit: Int = ServiceNowClient.defaultLimit) {
        self.client = client
        self.limit = limit
    }

    public var service: String { "servicenow" }
    public var firstCursor: Int { 0 }

    public func fetchPage(table: String, window: SourceWindow, cursor: Int) async throws(SourceError) -> SourcePage {
        try await client.fetchPage(table: table, window: window, offset: cursor, limit: limit)
    }
}
