public import LambdaRuntime

/// One `_HANDLER` name the binary serves: how to build it and what an operator needs to know about it. Every
/// family module declares its entries (`CostBackfillFamily.handlers`); `HandlerRegistry` lists them once, and
/// everything else — the valid names, the unknown-handler error, `backfill run`/`invoke`, the README and fixture
/// checks — derives from that list.
public struct HandlerFamily: Sendable {
    /// One environment variable the handler reads.
    public struct Variable: Sendable, Hashable {
        /// `DATA_BUCKET`, …
        public var name: String
        /// What it means, for docs and `backfill run --help`.
        public var meaning: String
        /// Whether the handler refuses to start without it.
        public var isRequired: Bool
        /// The value used when unset.
        public var defaultValue: String?

        /// A variable.
        public init(_ name: String, _ meaning: String, required: Bool = false, default defaultValue: String? = nil) {
            self.name = name
            self.meaning = meaning
            self.isRequired = required
            self.defaultValue = defaultValue
        }
    }

    /// Builds the handler from the process's setup; a configuration problem throws (an init error in Lambda).
    public typealias Builder = @Sendable (HandlerSetup) async throws -> any LambdaHandler

    /// The `_HANDLER` value.
    public var name: String
    /// One line: what it does.
    public var summary: String
    /// Its page under `Docs/` (`Docs/cost-backfill.md`).
    public var docsPage: String
    /// The environment variables it reads (besides the runtime's and AWS's own).
    public var variables: [Variable]
    /// Builds it.
    public var build: Builder

    /// A handler entry.
    public init(name: String, summary: String, docsPage: String, variables: [Variable] = [], build: @escaping Builder) {
        self.name = name
        self.summary = summary
        self.docsPage = docsPage
        self.variables = variables
        self.build = build
    }
}
