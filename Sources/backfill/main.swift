import ArgumentParser

// Minimal root for the sigv4 branch, so `backfill sign` can be tried here; the lead's root command on main
// registers SignCommand among its subcommands instead. (Top-level code: `main.swift` cannot hold `@main`.)

/// `backfill`: the engine's command-line tool.
struct Backfill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Fill history partition by partition.",
        subcommands: [SignCommand.self]
    )
}

/// Parses the arguments and runs the chosen subcommand (what `@main` would do).
func runBackfill() async {
    do {
        var command = try Backfill.parseAsRoot()
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    } catch {
        Backfill.exit(withError: error)
    }
}

await runBackfill()
