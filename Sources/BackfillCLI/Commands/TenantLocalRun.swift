import BackfillCore
import JSON
import TenantBackfill

/// `backfill tenant trigger --local [--workers N]`: the plan a trigger would start, run in this process by `N`
/// concurrent workers instead of a state machine. Each worker is its own `tenant-backfill` handler (its own
/// runner claiming chunks of the one tracker job, one chunk at a time, and its own limiter taking slots from the
/// shared item in the jobs table), as `N` Lambdas of a Map would be; the answer is `backfill tenant run`'s with
/// the workers' per-table counts summed.
struct TenantLocalRun {
    /// The session (progress on stderr, logs, metrics) the workers share.
    let session: LocalSession
    let workers: Int

    /// Runs `request` (a start) with the workers and merges their answers.
    func run(_ request: TenantBackfillRequest) async throws -> JSONValue {
        var setup = session.setup
        setup.variables["TENANT_CONCURRENCY"] = "1"  // one chunk at a time per worker, as a Map item
        var handlers: [TenantBackfillHandler] = []
        for _ in 0..<workers { handlers.append(try await TenantBackfillFamily.make(setup)) }
        let events = session.renderer.map { $0.handle }
        let logger = session.logger
        let results = try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
            for (index, handler) in handlers.enumerated() {
                group.addTask {
                    let owner = "\(LocalSession.owner)-w\(index + 1)"
                    let result = try await handler.run(
                        request, owner: owner, deadline: .none, logger: logger, events: events)
                    return (index, result)
                }
            }
            var results: [(Int, JSONValue)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return Self.merge(results)
    }

    /// One answer from the workers': the first worker's fields, the chunk lists joined (each entry once), the
    /// per-table counts summed, 207 when any worker's answer was, and `workers`.
    static func merge(_ results: [JSONValue]) -> JSONValue {
        guard var body = results.first?["body"]?.objectValue else { return results.first ?? .null }
        let bodies = results.compactMap { $0["body"]?.objectValue }
        for list in ["succeeded", "failed", "skipped", "canonical_triggered"] {
            var joined: [JSONValue] = []  // each worker reports from the one job: keep each entry once
            for entry in bodies.flatMap({ $0[list]?.arrayValue ?? [] }) where !joined.contains(entry) {
                joined.append(entry)
            }
            if bodies.contains(where: { $0[list] != nil }) { body[list] = .array(joined) }
        }
        var tables = JSONObject()
        for table in bodies.flatMap({ $0["tables"]?.objectValue?.keys.map { $0 } ?? [] }) where tables[table] == nil {
            var counts = JSONObject()
            for worker in bodies {
                for (name, value) in worker["tables"]?[table]?.objectValue ?? [:] {
                    counts[name] = .int((counts[name]?.intValue ?? 0) + (value.intValue ?? 0))
                }
            }
            tables[table] = .object(counts)
        }
        body["tables"] = .object(tables)
        body["workers"] = .int(Int64(results.count))
        let failed = !(body["failed"]?.arrayValue?.isEmpty ?? true)
        if failed { body["message"] = "backfill_incomplete" }
        let status: Int64 = results.allSatisfy({ $0["statusCode"] == 200 }) && !failed ? 200 : 207
        return ["statusCode": .int(status), "body": .object(body)]
    }
}
