public import JSON

/// The parts of a table definition CreateTable needs: keys, optional global secondary indexes, on-demand billing.
public struct DynamoDBTableDefinition: Sendable {
    /// A key attribute: name and scalar type (`S`, `N` or `B`).
    public struct Key: Sendable, Hashable {
        public var name: String
        public var type: String
        public init(_ name: String, _ type: String = "S") {
            self.name = name
            self.type = type
        }
    }

    /// A global secondary index projecting all attributes.
    public struct GlobalIndex: Sendable {
        public var name: String
        public var partitionKey: Key
        public var sortKey: Key?
        public init(name: String, partitionKey: Key, sortKey: Key? = nil) {
            self.name = name
            self.partitionKey = partitionKey
            self.sortKey = sortKey
        }
    }

    public var name: String
    public var partitionKey: Key
    public var sortKey: Key?
    public var globalIndexes: [GlobalIndex]

    public init(name: String, partitionKey: Key, sortKey: Key? = nil, globalIndexes: [GlobalIndex] = []) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.globalIndexes = globalIndexes
    }

    /// The CreateTable input.
    var json: JSONValue {
        var attributes: [Key] = [partitionKey] + (sortKey.map { [$0] } ?? [])
        for index in globalIndexes {
            for key in [index.partitionKey] + (index.sortKey.map { [$0] } ?? [])
            where !attributes.contains(where: { $0.name == key.name }) {
                attributes.append(key)
            }
        }
        func schema(_ partition: Key, _ sort: Key?) -> JSONValue {
            var keys: [JSONValue] = [["AttributeName": .string(partition.name), "KeyType": "HASH"]]
            if let sort { keys.append(["AttributeName": .string(sort.name), "KeyType": "RANGE"]) }
            return .array(keys)
        }
        return .compactObject([
            ("TableName", .string(name)),
            (
                "AttributeDefinitions",
                .array(attributes.map { ["AttributeName": .string($0.name), "AttributeType": .string($0.type)] })
            ),
            ("KeySchema", schema(partitionKey, sortKey)),
            ("BillingMode", "PAY_PER_REQUEST"),
            (
                "GlobalSecondaryIndexes",
                globalIndexes.isEmpty
                    ? nil
                    : .array(
                        globalIndexes.map {
                            [
                                "IndexName": .string($0.name), "KeySchema": schema($0.partitionKey, $0.sortKey),
                                "Projection": ["ProjectionType": "ALL"],
                            ]
                        })
            ),
        ])
    }
}

/// What DescribeTable / CreateTable report about a table.
public struct DynamoDBTableDescription: Sendable {
    public var name: String
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, …
    public var status: String
    public var arn: String
    public var itemCount: Int?
    /// The whole `Table` / `TableDescription` object as DynamoDB sent it.
    public var raw: JSONValue

    init(_ json: JSONValue) {
        raw = json
        name = json["TableName"]?.stringValue ?? ""
        status = json["TableStatus"]?.stringValue ?? ""
        arn = json["TableArn"]?.stringValue ?? ""
        itemCount = json["ItemCount"]?.intValue.map { Int($0) }
    }
}

extension DynamoDBClient {
    /// Describes a table; throws `ResourceNotFoundException` when it does not exist.
    public func describeTable(_ name: String) async throws -> DynamoDBTableDescription {
        let output = try await call("DescribeTable", [("TableName", .string(name))])
        return DynamoDBTableDescription(output["Table"] ?? .null)
    }

    /// Turns point-in-time recovery on or off (exports need it on).
    public func updateContinuousBackups(table: String, pointInTimeRecovery: Bool) async throws {
        _ = try await call(
            "UpdateContinuousBackups",
            [
                ("TableName", .string(table)),
                ("PointInTimeRecoverySpecification", ["PointInTimeRecoveryEnabled": .bool(pointInTimeRecovery)]),
            ])
    }

    /// Creates an on-demand table (tests, `make demo`).
    @discardableResult
    public func createTable(_ definition: DynamoDBTableDefinition) async throws -> DynamoDBTableDescription {
        let output = try await client.callJSON(.dynamoDB, "CreateTable", definition.json)
        return DynamoDBTableDescription(output["TableDescription"] ?? .null)
    }
}
