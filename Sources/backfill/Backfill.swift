import ArgumentParser
import LambdaRuntime

/// `backfill`: runs the engine's handlers locally, plans and inspects jobs, and signs AWS requests.
@main
struct Backfill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Fill history partition by partition — locally, or by driving the Lambda functions.",
        version: EngineVersion.current,
        subcommands: [
            InvokeCommand.self, CostCommand.self, StatusCommand.self, CancelCommand.self, RetryCommand.self,
            SignCommand.self,
        ]
    )
}
