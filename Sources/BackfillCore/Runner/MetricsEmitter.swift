public import JSON
public import Timekeeping

/// Writes CloudWatch Embedded Metric Format lines (one JSON object a line on stdout becomes metrics in
/// CloudWatch without a PutMetricData call).
public struct MetricsEmitter: Sendable {
    /// One metric value with its unit.
    public struct Metric: Sendable, Hashable {
        public var name: String
        public var value: Double
        /// `Count`, `Milliseconds`, `Seconds`, …
        public var unit: String

        /// A metric.
        public init(_ name: String, _ value: Double, unit: String = "Count") {
            self.name = name
            self.value = value
            self.unit = unit
        }
    }

    /// The CloudWatch namespace.
    public var namespace: String
    /// Dimension values attached to every line (e.g. `Handler`).
    public var dimensions: [(String, String)]
    /// Where lines go (stdout in Lambda); nil turns metrics off.
    public var sink: (@Sendable (String) -> Void)?
    /// Whether every metric is also published without dimensions (an empty dimension set), so an alarm with
    /// fixed dimensions can watch all values, whatever job or tenant they came from.
    public var aggregated = false

    /// An emitter; `dimensions` in order.
    public init(
        namespace: String = "Backfill", dimensions: [(String, String)] = [], sink: (@Sendable (String) -> Void)?
    ) {
        self.namespace = namespace
        self.dimensions = dimensions
        self.sink = sink
    }

    /// An emitter that writes nothing.
    public static let disabled = MetricsEmitter(sink: nil)

    /// Emits `metrics` at `timestamp` with extra non-dimension `properties` (searchable in Logs Insights).
    public func emit(_ metrics: [Metric], at timestamp: Timestamp, properties: [(String, JSONValue)] = []) {
        guard let sink else { return }
        sink(line(metrics, at: timestamp, properties: properties))
    }

    /// The EMF line for `metrics`.
    public func line(_ metrics: [Metric], at timestamp: Timestamp, properties: [(String, JSONValue)] = []) -> String {
        let definitions: [JSONValue] = metrics.map { .object(["Name": .string($0.name), "Unit": .string($0.unit)]) }
        var root = JSONObject()
        root["_aws"] = .object([
            "Timestamp": .int(timestamp.millisecondsSince1970),
            "CloudWatchMetrics": .array([
                .object([
                    "Namespace": .string(namespace),
                    "Dimensions": .array(
                        [.array(dimensions.map { .string($0.0) })] + (aggregated ? [.array([])] : [])),
                    "Metrics": .array(definitions),
                ])
            ]),
        ])
        for (name, value) in dimensions { root[name] = .string(value) }
        for (name, value) in properties { root[name] = value }
        for metric in metrics {
            root[metric.name] =
                metric.value.rounded() == metric.value && abs(metric.value) < 1e15
                ? .int(Int64(metric.value)) : .double(metric.value)
        }
        return JSONValue.object(root).serialized()
    }
}

extension MetricsEmitter {
    /// The EMF line for a run event: one per finished partition (succeeded, failed or skipped counts, records,
    /// throttles and duration, with `job_id` and `partition` as properties); other events write nothing.
    public func record(_ event: RunEvent, at timestamp: Timestamp) {
        guard case .partitionFinished(let jobID, let report) = event else { return }
        let status = report.result?.status
        let duration = report.result?.duration ?? .zero
        emit(
            [
                .init("PartitionsSucceeded", status == .succeeded ? 1 : 0),
                .init("PartitionsFailed", status == .failed ? 1 : 0),
                .init("PartitionsSkipped", status == .skipped ? 1 : 0),
                .init("Records", Double(report.result?.records ?? 0)),
                .init("Throttles", Double(report.throttles)),
                .init("PartitionDuration", Double(duration.wholeMilliseconds), unit: "Milliseconds"),
            ],
            at: timestamp,
            properties: [("job_id", .string(jobID)), ("partition", .string(report.partition))]
        )
    }
}
