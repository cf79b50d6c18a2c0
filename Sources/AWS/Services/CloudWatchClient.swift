import JSON
public import Timekeeping

/// One CloudWatch metric value.
public struct MetricDatum: Sendable, Equatable {
    public var name: String
    public var value: Double
    /// e.g. `Count`, `Seconds`, `None`.
    public var unit: String
    public var dimensions: [(name: String, value: String)]
    public var timestamp: Timestamp?

    public init(
        name: String,
        value: Double,
        unit: String = "Count",
        dimensions: [(name: String, value: String)] = [],
        timestamp: Timestamp? = nil
    ) {
        self.name = name
        self.value = value
        self.unit = unit
        self.dimensions = dimensions
        self.timestamp = timestamp
    }

    public static func == (lhs: MetricDatum, rhs: MetricDatum) -> Bool {
        lhs.name == rhs.name && lhs.value == rhs.value && lhs.unit == rhs.unit && lhs.timestamp == rhs.timestamp
            && lhs.dimensions.map(\.name) == rhs.dimensions.map(\.name)
            && lhs.dimensions.map(\.value) == rhs.dimensions.map(\.value)
    }
}

/// Amazon CloudWatch metrics over JSON 1.0 (`GraniteServiceVersion20100801`).
public struct CloudWatchClient: Sendable {
    /// The shared signed client.
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// Publishes metrics under `namespace`, 1000 data points per call (the API's limit).
    public func putMetricData(namespace: String, _ data: [MetricDatum]) async throws {
        var start = 0
        while start < data.count {
            let end = min(start + 1000, data.count)
            let batch: [JSONValue] = data[start..<end].map { datum in
                .compactObject([
                    ("MetricName", .string(datum.name)), ("Value", .double(datum.value)), ("Unit", .string(datum.unit)),
                    (
                        "Dimensions",
                        datum.dimensions.isEmpty
                            ? nil
                            : .array(datum.dimensions.map { ["Name": .string($0.name), "Value": .string($0.value)] })
                    ),
                    ("Timestamp", datum.timestamp.map { .double(Double($0.millisecondsSince1970) / 1000) }),
                ])
            }
            _ = try await client.callJSON(
                .cloudWatch, "PutMetricData", ["Namespace": .string(namespace), "MetricData": .array(batch)])
            start = end
        }
    }
}
