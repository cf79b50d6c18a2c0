import BackfillCLI

// The `backfill` CLI: every command lives in BackfillCLI; this executable only runs it.
await Backfill.runFromCommandLine()
