public import ArgumentParser
import LambdaRuntime

/// `backfill`: runs the engine's handlers locally, plans and inspects jobs, and signs AWS requests.
public struct Backfill: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Fill history partition by partition — locally, or by driving the Lambda functions.",
        version: EngineVersion.current,
        subcommands: [
            RunCommand.self, InvokeCommand.self, CostCommand.self, MacroCommand.self, TenantCommand.self,
            AnalyticsCommand.self,
            StatusCommand.self,
            CancelCommand.self,
            RetryCommand.self,
            SignCommand.self,
        ]
    )

    public init() {}

    /// Parses the process's arguments, runs the command, and exits with its status.
    public static func runFromCommandLine() async {
        await main()
    }
}
