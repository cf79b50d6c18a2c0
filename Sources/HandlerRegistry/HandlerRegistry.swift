import Analytics
public import BackfillCore
import CostBackfill
import DiagnosticsHandler
public import LambdaRuntime
public import Logging
import MacroGapFill
import TenantBackfill

/// The one table of handler families: `_HANDLER` name → builder, environment and docs. Shared by `bootstrap`
/// and the `backfill` CLI, so both run exactly the same code; everything that lists handlers derives from it.
public enum HandlerRegistry {
    /// Every handler this binary serves, in the README's order. A new family adds one line here.
    public static let families: [HandlerFamily] =
        DiagnosticsFamily.handlers
        + CostBackfillFamily.handlers
        + MacroGapFillFamily.handlers
        + TenantBackfillFamily.handlers
        + AnalyticsFamily.handlers
        + TenantInitiatorFamily.handlers

    /// Every handler name.
    public static var names: [String] { families.map(\.name) }

    /// The entry named `name`, if any.
    public static func family(named name: String) -> HandlerFamily? {
        families.first { $0.name == name }
    }

    /// The unknown-handler error for `name` (nil: `_HANDLER` unset), listing the valid names.
    public static func unknownHandler(_ name: String?) -> RuntimeError {
        let valid = "valid handlers: \(names.joined(separator: ", "))"
        guard let name else { return RuntimeError(.unknownHandler, "_HANDLER is not set; \(valid)") }
        return RuntimeError(.unknownHandler, "unknown _HANDLER '\(name)'; \(valid)")
    }

    /// Builds the handler `setup`'s `_HANDLER` names. An unknown or missing name, and a configuration error of
    /// the family, are init errors (`Runtime.UnknownHandler`, `Runtime.MissingConfiguration`).
    public static func makeHandler(name: String?, setup: HandlerSetup) async throws -> any LambdaHandler {
        guard let name, let family = family(named: name) else { throw unknownHandler(name) }
        do {
            return try await family.build(setup)
        } catch let error as RuntimeError {
            throw error
        } catch let error as any LambdaFunctionError where error.errorType == InvocationError.configurationType {
            throw RuntimeError(.missingConfiguration, error.errorMessage)
        }
    }

    /// Builds the handler `environment.handler` names, with EMF metrics on stdout (where Lambda's log capture
    /// turns them into CloudWatch metrics).
    public static func makeHandler(environment: RuntimeEnvironment, logger: Logger) async throws -> any LambdaHandler {
        let sink = StandardOutputSink()
        let setup = HandlerSetup(
            variables: environment.variables, logger: logger, metricsSink: { sink.write(line: $0) })
        return try await makeHandler(name: environment.handler, setup: setup)
    }
}
