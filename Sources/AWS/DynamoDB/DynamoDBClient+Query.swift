import JSON

extension DynamoDBClient {
    /// One page of a Query (on the table or `query.index`).
    public func query(_ query: DynamoDBQuery) async throws -> DynamoDBPage {
        guard let keyCondition = query.keyCondition else {
            throw AWSError(.invalidRequest, "a DynamoDB Query needs a key condition expression")
        }
        return try await page("Query", query, extra: [("KeyConditionExpression", .string(keyCondition))])
    }

    /// Every item a Query matches, following `LastEvaluatedKey`.
    public func queryAll(_ query: DynamoDBQuery) async throws -> [DynamoDBItem] {
        var query = query
        var items: [DynamoDBItem] = []
        repeat {
            let page = try await self.query(query)
            items += page.items
            query.exclusiveStartKey = page.lastEvaluatedKey
        } while query.exclusiveStartKey != nil
        return items
    }

    /// One page of a Scan, of the whole table or of segment `segment` of `totalSegments`.
    public func scan(_ query: DynamoDBQuery, segment: Int? = nil, totalSegments: Int? = nil) async throws
        -> DynamoDBPage
    {
        var extra: [(String, JSONValue?)] = []
        if let segment, let totalSegments {
            extra = [("Segment", .int(Int64(segment))), ("TotalSegments", .int(Int64(totalSegments)))]
        }
        return try await page("Scan", query, extra: extra)
    }

    /// Scans the whole table with `totalSegments` segments read concurrently; returns every item.
    public func parallelScan(_ query: DynamoDBQuery, totalSegments: Int) async throws -> [DynamoDBItem] {
        let segments = max(1, totalSegments)
        return try await withThrowingTaskGroup(of: [DynamoDBItem].self) { group in
            for segment in 0..<segments {
                group.addTask {
                    var query = query
                    var items: [DynamoDBItem] = []
                    repeat {
                        let page = try await self.scan(query, segment: segment, totalSegments: segments)
                        items += page.items
                        query.exclusiveStartKey = page.lastEvaluatedKey
                    } while query.exclusiveStartKey != nil
                    return items
                }
            }
            var all: [DynamoDBItem] = []
            for try await items in group { all += items }
            return all
        }
    }

    private func page(_ operation: String, _ query: DynamoDBQuery, extra: [(String, JSONValue?)]) async throws
        -> DynamoDBPage
    {
        var members: [(String, JSONValue?)] = [
            ("TableName", .string(query.table)), ("IndexName", query.index.map(JSONValue.string)),
            ("FilterExpression", query.filter.map(JSONValue.string)),
            ("ProjectionExpression", query.projection.map(JSONValue.string)),
            ("ExpressionAttributeNames", Self.namesJSON(query.names)),
            ("ExpressionAttributeValues", Self.valuesJSON(query.values)),
            ("Limit", query.limit.map { .int(Int64($0)) }), ("ConsistentRead", query.consistentRead ? true : nil),
            ("ExclusiveStartKey", query.exclusiveStartKey.map(DynamoDBValue.itemJSON)),
        ]
        if operation == "Query" && !query.scanIndexForward { members.append(("ScanIndexForward", false)) }
        let output = try await call(operation, members + extra)
        var items: [DynamoDBItem] = []
        for item in output["Items"]?.arrayValue ?? [] { items.append(try DynamoDBValue.item(from: item)) }
        let lastKey = try output["LastEvaluatedKey"].map { json throws(AWSError) in try DynamoDBValue.item(from: json) }
        return DynamoDBPage(items: items, lastEvaluatedKey: lastKey?.isEmpty == true ? nil : lastKey)
    }
}
