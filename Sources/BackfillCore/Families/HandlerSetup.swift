public import AWS
import LambdaRuntime
public import Logging
import Synchronization
public import Timekeeping

/// What a handler family is built from, prepared once per process by `bootstrap` or `backfill`: the environment
/// (read once), a logger, the process's AWS services (built on first use, shared by every family), where
/// CloudWatch embedded-metric lines go, and the clock.
public struct HandlerSetup: Sendable {
    /// The process environment, as read at start-up.
    public var variables: [String: String]
    /// The runtime's logger.
    public var logger: Logger
    /// The clock (leases, rate limits, deadlines).
    public var time: any TimeSource
    /// Where EMF lines go: stdout in Lambda (CloudWatch Logs turns them into metrics), stderr or a file in the CLI,
    /// so stdout carries the result alone.
    public var metricsSink: (@Sendable (String) -> Void)?
    /// Where runners send progress events (the CLI's progress renderer); nil in Lambda.
    public var runEvents: RunEventSink?
    private let services: LazyServices

    /// A setup; `services` builds the AWS clients on first use (nil: from `variables` on libcurl).
    public init(
        variables: [String: String],
        logger: Logger,
        time: any TimeSource = SystemTimeSource(),
        metricsSink: (@Sendable (String) -> Void)? = nil,
        runEvents: RunEventSink? = nil,
        services: (@Sendable () throws -> AWSServices)? = nil
    ) {
        self.variables = variables
        self.logger = logger
        self.time = time
        self.metricsSink = metricsSink
        self.runEvents = runEvents
        let variables = variables
        self.services = LazyServices(
            make: services ?? { [logger] in try AWSServices.live(environment: variables, logger: logger) })
    }

    /// The process's AWS services, built on first use; a configuration problem is a `Runtime.MissingConfiguration`
    /// error naming the variable.
    public func aws() throws -> AWSServices {
        do {
            return try services.get()
        } catch let error as AWSError {
            throw RuntimeError(.missingConfiguration, error.message)
        }
    }

    /// EMF metrics for `handler`, to the setup's sink.
    public func metrics(handler: String) -> MetricsEmitter {
        MetricsEmitter(dimensions: [("Handler", handler)], sink: metricsSink)
    }

    /// The variable `name`, trimmed; nil when unset or blank.
    public func variable(_ name: String) -> String? {
        guard let value = variables[name]?.trimmingSpaces, !value.isEmpty else { return nil }
        return value
    }

    /// The required variable `name`, or a `Runtime.MissingConfiguration` error worded `NAME environment variable is
    /// required` (the wording the existing tools use).
    public func required(_ name: String) throws -> String {
        guard let value = variable(name) else {
            throw RuntimeError(.missingConfiguration, "\(name) environment variable is required")
        }
        return value
    }
}

/// Builds the AWS services once, whichever family asks first.
final class LazyServices: Sendable {
    private let make: @Sendable () throws -> AWSServices
    private let built = Mutex<AWSServices?>(nil)

    init(make: @escaping @Sendable () throws -> AWSServices) { self.make = make }

    func get() throws -> AWSServices {
        try built.withLock { built in
            if let built { return built }
            let services = try make()
            built = services
            return services
        }
    }
}
