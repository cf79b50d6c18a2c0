import Analytics
import BackfillCore
import BackfillTesting
import Foundation
import JSON
import Logging
import Testing
import Timekeeping

/// Answers DescribeExport from a fixed location, or fails.
struct FixedExportDescriber: ExportDescribing {
    var location: ExportLocation?

    func describeExport(arn: String) async throws -> ExportLocation {
        guard let location else { throw AnalyticsHandlerError(.aggregate, "DescribeExport unavailable") }
        return location
    }
}

/// A given export is located by DescribeExport's `S3Prefix` and manifest key, not by `EXPORT_PREFIX` and the ARN;
/// without DescribeExport (moto's ARNs, a failure) the ARN under `EXPORT_PREFIX` is used, as before.
@Suite("export located by DescribeExport")
struct ExportDescribeTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// A `gen_export.py` export (seed 7, full) seeded under `prefix`; its folder id.
    static func stage(under prefix: String) throws -> (InMemoryObjectStore, String) {
        try ReferenceScripts.withTemporaryDirectory { directory in
            let folder = try ReferenceScripts.generateExport(
                in: directory, items: 300, files: 2, seed: 7, incremental: false)
            let store = InMemoryObjectStore()
            let enumerator = FileManager.default.enumerator(atPath: directory)
            while let relative = enumerator?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = directory + "/" + relative
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                store.seed(prefix + "/" + relative, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            }
            return (store, URL(fileURLWithPath: folder).lastPathComponent)
        }
    }

    static func run(
        _ store: InMemoryObjectStore, describer: FixedExportDescriber?, arn: String
    ) async throws -> (exportArn: String, items: Int64?) {
        let handler = AnalyticsAggregateHandler(
            configuration: AnalyticsAggregateConfiguration(exportBucket: "exports"),
            dependencies: AnalyticsAggregateDependencies(
                objects: store, jobs: InMemoryJobStore(), outputs: RecordingOutputs(),
                time: ManualTimeSource(now: AnalyticsAggregateHandlerTests.today.startTimestamp), exports: describer))
        let result = try await handler.run(
            AnalyticsRequest(mode: .backfill(start: CivilDate(year: 2025, month: 1, day: 1)), exportArn: arn),
            owner: "t", deadline: .none, logger: Self.logger)
        return (result["body"]?["exportArn"]?.stringValue ?? "", result["body"]?["items"]?.intValue)
    }

    @Test("an export under another prefix is found through DescribeExport, and not without it")
    func otherPrefix() async throws {
        let (store, exportId) = try Self.stage(under: "ddb/exports")
        let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/main/export/\(exportId)"
        let located = ExportLocation(
            exportArn: arn, bucket: "exports", prefix: "ddb/exports",
            manifestKey: "ddb/exports/AWSDynamoDB/\(exportId)/manifest-summary.json")
        #expect(located.exportId == exportId)
        let found = try await Self.run(store, describer: FixedExportDescriber(location: located), arn: arn)
        #expect(found.items == 300)
        #expect(found.exportArn == arn)
        #expect(try await store.keys(prefix: "exports/aggregates/\(exportId)/").count == 1)
        let error = await #expect(throws: AnalyticsHandlerError.self) {
            _ = try await Self.run(store, describer: nil, arn: arn)
        }
        #expect(error?.message == "No export found in S3")
    }

    @Test(
        "the manifest key names the folder even when the ARN does not; a failing DescribeExport falls back to the ARN")
    func manifestKeyAndFallback() async throws {
        let (store, exportId) = try Self.stage(under: "exports")
        let odd = "arn:aws:dynamodb:us-east-1:123456789012:table/main/import/0123abcd"
        let located = ExportLocation(
            exportArn: odd, bucket: "exports", prefix: "exports",
            manifestKey: "exports/AWSDynamoDB/\(exportId)/manifest-summary.json")
        #expect(try await Self.run(store, describer: FixedExportDescriber(location: located), arn: odd).items == 300)
        let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/main/export/\(exportId)"
        #expect(try await Self.run(store, describer: FixedExportDescriber(location: nil), arn: arn).items == 300)
    }

    @Test("an export written to another bucket is a clear error naming both")
    func otherBucket() async throws {
        let (store, exportId) = try Self.stage(under: "exports")
        let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/main/export/\(exportId)"
        let elsewhere = FixedExportDescriber(
            location: ExportLocation(exportArn: arn, bucket: "other-bucket", prefix: "exports"))
        let error = await #expect(throws: AnalyticsHandlerError.self) {
            _ = try await Self.run(store, describer: elsewhere, arn: arn)
        }
        #expect(error?.message == "The export was written to bucket other-bucket, not to EXPORT_BUCKET exports")
    }
}
