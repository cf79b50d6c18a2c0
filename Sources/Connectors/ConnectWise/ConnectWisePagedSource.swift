public import SourceConnector

/// A ConnectWise client as a `PagedSource`: the cursor is the page number, and each table filters on its
/// configured conditions field.
public struct ConnectWisePagedSource: PagedSource {
    public let client: ConnectWiseClient
    /// The conditions field per table; other tables use `defaultConditionsField`.
    public var conditionsFields: [String: String]
    public var defaultConditionsField: String
    public var pageSize: Int

    public init(
        client: ConnectWiseClient, conditionsFields: [String: String] = [:],
        defaultConditionsField: String = ConnectWiseClient.defaultConditionsField,
        pageSize: Int = ConnectWiseClient.defaultPageSize
    ) {
        self.client = client
        self.conditionsFields = conditionsFields
        self.defaultConditionsField = defaultConditionsField
        self.pageSize = pageSize
    }

    public var service: String { "connectwise" }
    public var firstCursor: Int { 1 }

    public func fetchPage(table: String, window: SourceWindow, cursor: Int) async throws(SourceError) -> SourcePage {
        try await client.fetchPage(
            table: table, window: window, page: cursor,
            conditionsField: conditionsFields[table] ?? defaultConditionsField, pageSize: pageSize)
    }

    public func count(table: String, window: SourceWindow) async throws(SourceError) -> Int? {
        try await client.count(
            table: table, window: window, conditionsField: conditionsFields[table] ?? defaultConditionsField)
    }
}
