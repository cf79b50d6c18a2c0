import BackfillTesting

/// What each registered handler needs around it for its fixture events: the stand-ins it talks to, and the
/// environment that points it at them. A new handler family adds its case here (and its fixtures folder).
enum FixtureStage {
    /// Runs `body` with the environment for `handler`'s fixtures; nil when no stage is declared for it.
    static func with(handler: String, _ body: ([String: String]) async throws -> Void) async throws -> Bool {
        switch handler {
        case "diagnostics":
            try await body([:])
        case "cost-backfill":
            try await CostStack.with { stack in try await body(stack.environment) }
        case "macro-gapfill":
            try await MacroStack.with { stack in try await body(stack.environment) }
        case "tenant-backfill":
            try await TenantStack.with { stack in try await body(stack.environment) }
        case "analytics-export", "analytics-aggregate":
            try await AnalyticsStack.with { stack in try await body(stack.environment) }
        case "tenant-initiator":
            try await TenantStack.with { stack in try await body(try await stack.initiatorEnvironment()) }
        default:
            return false
        }
        return true
    }
}
