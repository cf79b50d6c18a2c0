import AWS
public import BackfillCore
import FREDConnector
import HTTP
import Logging

/// The `macro-gapfill` entry of the handler table: its variables, docs page, and how it is wired from the
/// process's setup.
public enum MacroGapFillFamily {
    /// The handlers this family registers.
    public static let handlers: [HandlerFamily] = [
        HandlerFamily(
            name: "macro-gapfill",
            summary: "Missing and incomplete trading days of the macro table, filled from FRED in a handful of calls",
            docsPage: "Docs/macro-gapfill.md",
            variables: [
                .init("MACRO_TABLE", "the macro table (key `date`, YYYY-MM-DD)", required: true),
                .init(
                    "FRED_API_KEYS_SECRET",
                    "a Secrets Manager secret holding the FRED keys (JSON array or {\"keys\":[…]})"),
                .init("FRED_API_KEYS", "comma-separated FRED keys (local use; the secret wins when both are set)"),
                .init("FRED_API_URL", "FRED's base URL", default: FREDClient.defaultBaseURL),
                .init("FRED_REQUESTS_PER_MINUTE", "requests a minute per key", default: "120"),
                .init("SCAN_OUTPUT_BUCKET", "a bucket a scan writes missing_dates.txt to (none: no file)"),
                .init("SCAN_OUTPUT_KEY", "the scan file's object key", default: "missing_dates.txt"),
                .init(
                    "MACRO_CALENDAR", "trading (NYSE days) or weekdays (the old script's calendar)", default: "trading"),
                .init("MACRO_FIELD_MAP", "JSON overriding the field → FRED series map ({\"vix\":\"VIXCLS\"})"),
                .init("MACRO_SCAN_SEGMENTS", "parallel Scan segments", default: "4"),
                .init("MACRO_CONCURRENCY", "fetch windows processed at once", default: "4"),
                .init("JOBS_TABLE", "the tracker's DynamoDB table", default: "BackfillJobs"),
                .init("BACKFILL_LEASE_SECONDS", "how long a claimed window is held without renewal", default: "60"),
            ],
            build: { setup in try await make(setup) })
    ]

    /// The handler wired from `setup`: the configuration, the keys (read from the secret or the list, registered
    /// with the redactor), one paced FRED source for the process, the table, the scan bucket and the job store.
    /// A missing or malformed variable, or keys that cannot be read, throw an error naming the variable.
    public static func make(
        _ setup: HandlerSetup, scanProgress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> MacroGapFillHandler {
        let configuration = try MacroGapFillConfiguration(environment: setup.variables)
        let aws = try setup.aws()
        let keys = try await FREDKeyLoader.load(configuration.keyOrigin, secretsManager: aws.secretsManager)
        let source = PacedFREDSource(
            client: FREDClient(baseURL: configuration.fredURL, transport: aws.client.transport), keys: keys,
            requestsPerMinute: configuration.requestsPerMinute, time: setup.time)
        let dependencies = MacroGapFillDependencies(
            table: DynamoDBMacroTable(
                dynamo: aws.dynamoDB, tableName: configuration.macroTable, segments: configuration.scanSegments),
            source: source, keyCount: keys.keys.count,
            jobs: DynamoDBJobStore(dynamo: aws.dynamoDB, table: configuration.jobsTable),
            scanOutput: configuration.scanOutputBucket.map { S3ObjectStore(s3: aws.s3, bucket: $0) },
            time: setup.time, metrics: setup.metrics(handler: "macro-gapfill"), events: setup.runEvents,
            scanProgress: scanProgress)
        setup.logger.debug(
            "macro-gapfill configured",
            metadata: [
                "table": "\(configuration.macroTable)", "keys": "\(keys.names.joined(separator: ","))",
                "requests_per_minute": "\(configuration.requestsPerMinute)", "jobs_table": "\(configuration.jobsTable)",
            ])
        return MacroGapFillHandler(configuration: configuration, dependencies: dependencies)
    }
}
