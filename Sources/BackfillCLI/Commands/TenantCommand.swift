import ArgumentParser

/// `backfill tenant …`: the tenant backfill, locally (`run`) or as state machine executions (`trigger`).
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Tenant backfills: run one locally, or trigger executions in AWS.",
        subcommands: [TenantRunCommand.self, TenantTriggerCommand.self])
}
