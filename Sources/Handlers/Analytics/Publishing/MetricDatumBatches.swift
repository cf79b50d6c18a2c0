public import JSON
public import Timekeeping

/// One CloudWatch datum: a metric of one app on one day.
public struct MetricDatum: Sendable, Equatable {
    /// `ActiveUsers`, `GamesPlayed`, `PartiesCreated` or `PartiesJoined`.
    public var name: String
    /// The `App` dimension's value.
    public var app: String
    /// The day's start (see `CloudWatchWindow.timestamp(of:)`).
    public var timestamp: Timestamp
    /// The metric's value (unit `Count`).
    public var value: Int64

    /// A datum.
    public init(name: String, app: String, timestamp: Timestamp, value: Int64) {
        self.name = name
        self.app = app
        self.timestamp = timestamp
        self.value = value
    }

    /// The datum as PutMetricData's JSON 1.0 protocol writes it (timestamp in epoch seconds).
    public var json: JSONValue {
        [
            "MetricName": .string(name), "Dimensions": [["Name": "App", "Value": .string(app)]],
            "Timestamp": .int(timestamp.secondsSince1970), "Value": .int(value), "Unit": "Count",
        ]
    }

    /// The four datums of a day's metrics.
    public static func datums(for row: DailyMetrics) -> [MetricDatum] {
        let stamp = CloudWatchWindow.timestamp(of: row.date)
        return [
            MetricDatum(name: "ActiveUsers", app: row.app, timestamp: stamp, value: Int64(row.activeUsers)),
            MetricDatum(name: "GamesPlayed", app: row.app, timestamp: stamp, value: row.gamesPlayed),
            MetricDatum(name: "PartiesCreated", app: row.app, timestamp: stamp, value: row.partiesCreated),
            MetricDatum(name: "PartiesJoined", app: row.app, timestamp: stamp, value: row.partiesJoined),
        ]
    }
}

/// Splits datums into PutMetricData requests within CloudWatch's limits: at most 1,000 datums and at most
/// 1 MB of request body each (the body's size is computed from the same serialization `requestBody` makes).
public enum MetricDatumBatches {
    /// Datums a request may carry.
    public static let maximumDatums = 1_000
    /// Bytes a request body may have (1 MB, counted as 1,000,000 to stay clear of either reading).
    public static let maximumBytes = 1_000_000

    /// The JSON 1.0 request body of PutMetricData for `datums` in `namespace`.
    public static func requestBody(namespace: String, datums: [MetricDatum]) -> JSONValue {
        ["Namespace": .string(namespace), "MetricData": .array(datums.map(\.json))]
    }

    /// `datums` in order, split into requests within both limits (a lone datum is never split further).
    public static func batches(
        namespace: String, datums: [MetricDatum], maximumDatums: Int = maximumDatums,
        maximumBytes: Int = maximumBytes
    ) -> [[MetricDatum]] {
        let envelope = requestBody(namespace: namespace, datums: []).serializedBytes().count
        var batches: [[MetricDatum]] = []
        var current: [MetricDatum] = []
        var size = envelope
        for datum in datums {
            let datumSize = datum.json.serializedBytes().count
            let added = current.isEmpty ? datumSize : datumSize + 1  // the comma between datums
            if !current.isEmpty, current.count >= maximumDatums || size + added > maximumBytes {
                batches.append(current)
                current = []
                size = envelope
                current.append(datum)
                size += datumSize
            } else {
                current.append(datum)
                size += added
            }
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
