public import BackfillCore

/// The `diagnostics` entry of the handler table: no configuration, no AWS.
public enum DiagnosticsFamily {
    /// The handlers this family registers.
    public static let handlers: [HandlerFamily] = [
        HandlerFamily(
            name: "diagnostics",
            summary: "returns its invocation context; a smoke test after a deploy",
            docsPage: "Docs/diagnostics.md",
            build: { _ in DiagnosticsHandler() })
    ]
}
