/// The input of a Query or Scan: table (and index), expressions with their placeholders, paging.
public struct DynamoDBQuery: Sendable {
    public var table: String
    /// A global or local secondary index to read instead of the table.
    public var index: String?
    /// Required for Query (e.g. `tenant_id = :t AND #s = :s`); ignored by Scan.
    public var keyCondition: String?
    public var filter: String?
    public var projection: String?
    public var names: [String: String]
    public var values: DynamoDBItem
    /// Items evaluated per page.
    public var limit: Int?
    /// Query order on the sort key (false for descending).
    public var scanIndexForward: Bool
    public var consistentRead: Bool
    /// Where to continue (a previous page's `lastEvaluatedKey`).
    public var exclusiveStartKey: DynamoDBItem?

    public init(
        table: String,
        index: String? = nil,
        keyCondition: String? = nil,
        filter: String? = nil,
        projection: String? = nil,
        names: [String: String] = [:],
        values: DynamoDBItem = [:],
        limit: Int? = nil,
        scanIndexForward: Bool = true,
        consistentRead: Bool = false,
        exclusiveStartKey: DynamoDBItem? = nil
    ) {
        self.table = table
        self.index = index
        self.keyCondition = keyCondition
        self.filter = filter
        self.projection = projection
        self.names = names
        self.values = values
        self.limit = limit
        self.scanIndexForward = scanIndexForward
        self.consistentRead = consistentRead
        self.exclusiveStartKey = exclusiveStartKey
    }
}

/// One page of Query or Scan results.
public struct DynamoDBPage: Sendable, Equatable {
    public var items: [DynamoDBItem]
    /// Set when more items may follow; pass it as the next `exclusiveStartKey`.
    public var lastEvaluatedKey: DynamoDBItem?
}
