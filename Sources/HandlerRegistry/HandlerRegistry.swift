import DiagnosticsHandler
public import LambdaRuntime
public import Logging

/// Maps `_HANDLER` names to handler families and builds them from configuration. Shared by `bootstrap` and
/// the `backfill` CLI, so both run exactly the same code.
public enum HandlerRegistry {
    /// Every handler name this binary serves.
    public static let names = ["diagnostics"]

    /// Builds the handler `environment.handler` names; an unknown or missing name is an init error that lists
    /// the valid ones.
    public static func makeHandler(environment: RuntimeEnvironment, logger: Logger) async throws -> any LambdaHandler {
        guard let name = environment.handler else {
            throw RuntimeError(
                .unknownHandler, "_HANDLER is not set; valid handlers: \(names.joined(separator: ", "))")
        }
        switch name {
        case "diagnostics":
            return DiagnosticsHandler()
        default:
            throw RuntimeError(
                .unknownHandler, "unknown _HANDLER '\(name)'; valid handlers: \(names.joined(separator: ", "))")
        }
    }
}
