import ArgumentParser

/// `backfill tenant …`: the tenant backfill, locally.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Tenant backfills (the tenant-backfill handler), locally.",
        subcommands: [TenantRunCommand.self])
}
