import BackfillCore
import JSON
import Logging
import Redaction
import Timekeeping

/// One invocation: scans the table when the request needs it (writing the file to S3 when configured), plans
/// the fetches, and hands them to the core runner as a tracker job whose partitions are the windows of dates the fetches serve.
struct MacroGapFillRun: Sendable {
    static let handlerName = "macro-gapfill"

    let configuration: MacroGapFillConfiguration
    let dependencies: MacroGapFillDependencies
    let request: MacroGapFillRequest
    let planOptions: FillPlan.Options
    let owner: String
    let logger: Logger
    let events: RunEventSink?

    var time: any TimeSource { dependencies.time }

    func execute(deadline: Deadline) async throws -> JSONValue {
        var scanReport: MacroScanReport?
        let dates: [CivilDate]
        switch request.mode {
        case .fillDates(let given):
            dates = given
        case .scan, .fillRange:
            let report = try await scan()
            scanReport = report
            if request.mode == .scan { return MacroGapFillResult.scan(report) }
            dates = report.result.gaps.map(\.date)
        }
        let plan = FillPlan(dates: dates, fieldMap: configuration.fieldMap, options: planOptions)
        if request.dryRun {
            return MacroGapFillResult.dryRun(
                plan, scan: scanReport, keys: dependencies.keyCount, requestsPerMinute: configuration.requestsPerMinute)
        }
        guard !plan.dates.isEmpty else { return MacroGapFillResult.nothingToFill(scan: scanReport) }
        return try await fill(plan, scan: scanReport, deadline: deadline)
    }

    /// Scans the table over the request's range and writes the file when a bucket is configured (not in a dry
    /// run).
    func scan() async throws -> MacroScanReport {
        let range = try request.range(today: time.now.civil.date, calendar: configuration.calendar)
        let started = time.now
        let tableScan = try await dependencies.table.scan(
            requiredFields: configuration.fieldMap.requiredFields, progress: dependencies.scanProgress)
        let gapScan = GapScan(
            fieldMap: configuration.fieldMap, calendar: configuration.calendar,
            retryUnavailable: request.retryUnavailable)
        let result = try gapScan.classify(items: tableScan.items, from: range.lowerBound, through: range.upperBound)
        var report = MacroScanReport(
            range: range, result: result, table: tableScan, duration: time.now - started, fileText: nil, fileKey: nil)
        report.fileText = result.file.render(generated: time.now)
        if let objects = dependencies.scanOutput, !request.dryRun, let text = report.fileText {
            do {
                try await objects.put(configuration.scanOutputKey, body: Array(text.utf8), contentType: "text/plain")
            } catch {
                throw MacroGapFillError(
                    .output, SecretRedactor.errors.redact("the scan file was not written: \(error)", limit: 400))
            }
            report.fileKey = "s3://\(configuration.scanOutputBucket ?? "")/\(configuration.scanOutputKey)"
        }
        logger.info(
            "macro table scanned",
            metadata: [
                "items": "\(tableScan.items.count)", "pages": "\(tableScan.pages)", "segments": "\(tableScan.segments)",
                "missing": "\(result.missing.count)", "incomplete": "\(result.incomplete.count)",
            ])
        return report
    }

    /// Runs the plan as a tracker job: one partition per window of dates (`FIRST..LAST`), whose work is the
    /// plan's fetches for that window (one per series), so each date is written once.
    func fill(_ plan: FillPlan, scan: MacroScanReport?, deadline: Deadline) async throws -> JSONValue {
        let windows = Self.windows(of: plan)
        let keys = windows.map(\.key)
        let fetchesByKey = Dictionary(windows.map { ($0.key, $0.fetches) }, uniquingKeysWith: { first, _ in first })
        let definition = JobDefinition(
            jobID: JobID.derive(
                handler: Self.handlerName, destination: configuration.destination,
                partitionKeys: plan.fetches.map(\.key) + plan.dates.map(\.iso8601)),
            handler: Self.handlerName, destination: configuration.destination, partitionKeys: keys)
        let tally = FillTally()
        let callsBefore = dependencies.source.callsByKey
        let writer = MacroWindowWriter(
            source: dependencies.source, table: dependencies.table,
            resolver: ObservationResolver(fieldMap: configuration.fieldMap), time: time, tally: tally)
        let runner = JobRunner(
            store: dependencies.jobs, time: time, configuration: runnerConfiguration(), logger: logger,
            metrics: dependencies.metrics, events: events ?? dependencies.events)
        logger.info(
            "macro fill starting",
            metadata: [
                "job_id": "\(definition.jobID)", "dates": "\(plan.dates.count)", "windows": "\(keys.count)",
                "planned_calls": "\(plan.calls)",
            ])
        let dates = plan.dates
        let outcome = try await runner.run(definition, mode: .failed, deadline: deadline) { partition, context in
            guard let fetches = fetchesByKey[partition.key], let first = partition.first, let last = partition.last
            else {
                throw MacroGapFillError(.invalidRange, "partition \(partition.key) is not a window of the plan")
            }
            let served = dates.filter { $0 >= first && $0 <= last }
            return try await writer.fill(fetches, dates: served, context: context)
        }
        let callsAfter = dependencies.source.callsByKey
        var callsByKey: [String: Int] = [:]
        for (name, count) in callsAfter where count - (callsBefore[name] ?? 0) > 0 {
            callsByKey[name] = count - (callsBefore[name] ?? 0)
        }
        return MacroGapFillResult.fill(
            outcome, plan: plan, tally: tally.current, callsByKey: callsByKey,
            rejectedKeys: dependencies.source.rejectedKeys, scan: scan)
    }

    /// The plan's fetches grouped by the dates they serve (`FIRST..LAST`), in date order: every series of a
    /// window shares its dates, so a window is one partition and each date is written once.
    static func windows(of plan: FillPlan) -> [(key: String, fetches: [FillPlan.Fetch])] {
        var order: [String] = []
        var groups: [String: [FillPlan.Fetch]] = [:]
        for fetch in plan.fetches {
            let key = Partition.window(from: fetch.firstDate, through: fetch.lastDate).key
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(fetch)
        }
        return order.sorted().map { ($0, groups[$0]!) }
    }

    /// Leases and concurrency from the configuration; a fetch takes a second or two (one paced call, a few
    /// hundred writes), so the runner assumes 10 s until it has seen one.
    func runnerConfiguration() -> RunnerConfiguration {
        let lease = configuration.leaseDuration
        let lead = lease / 6
        return RunnerConfiguration(
            owner: owner, concurrency: configuration.concurrency, leaseDuration: lease, renewalLead: lead,
            heartbeatInterval: min(.seconds(1), lead), heartbeatTick: dependencies.heartbeatTick,
            initialPartitionEstimate: .seconds(10))
    }
}
