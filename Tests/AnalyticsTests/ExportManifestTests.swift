import Analytics
import Foundation
import Testing

@Suite("Export manifests and choosing the export")
struct ExportManifestTests {
    static let summaryText = #"""
        {"version":"2020-06-30","exportArn":"arn:aws:dynamodb:us-east-1:123456789012:table/main/export/01700000000000-abcd1234",
        "startTime":"2026-01-01T00:00:00.000Z","endTime":"2026-01-01T00:05:00.000Z","exportTime":"2026-01-01T00:00:00.000Z",
        "s3Bucket":"exports","s3Prefix":null,"manifestFilesS3Key":"AWSDynamoDB/01700000000000-abcd1234/manifest-files.json",
        "itemCount":12,"outputFormat":"DYNAMODB_JSON","exportType":"INCREMENTAL_EXPORT"}
        """#

    @Test("a summary's fields are read; without exportType it is a full export")
    func summary() throws {
        let parsed = try ExportSummary.parse(Array(Self.summaryText.utf8))
        #expect(parsed.exportType == .incremental)
        #expect(parsed.exportId == "01700000000000-abcd1234")
        #expect(parsed.itemCount == 12)
        #expect(parsed.exportTime == "2026-01-01T00:00:00.000Z")
        let untyped = try ExportSummary.parse(Array(#"{"exportArn":"arn:x/export/1-a","itemCount":3}"#.utf8))
        #expect(untyped.exportType == .full)
        #expect(throws: AnalyticsError.self) { _ = try ExportSummary.parse(Array(#"{"itemCount":3}"#.utf8)) }
        #expect(throws: AnalyticsError.self) {
            _ = try ExportSummary.parse(Array(#"{"exportArn":"a","exportType":"DELTA"}"#.utf8))
        }
    }

    @Test("manifest-files.json lines name the data files; a broken line is an error")
    func files() throws {
        let text =
            #"{"itemCount":5,"md5":"aa","etag":"bb","dataFileS3Key":"AWSDynamoDB/1-a/data/x.json.gz"}"#
            + "\n\n" + #"{"dataFileS3Key":"exports/AWSDynamoDB/1-a/data/y.json.gz"}"# + "\n"
        let parsed = try ExportManifest.parseFiles(Array(text.utf8))
        #expect(
            parsed == [
                ExportDataFile(dataFileS3Key: "AWSDynamoDB/1-a/data/x.json.gz", itemCount: 5, md5: "aa", etag: "bb"),
                ExportDataFile(dataFileS3Key: "exports/AWSDynamoDB/1-a/data/y.json.gz"),
            ])
        #expect(throws: AnalyticsError.self) { _ = try ExportManifest.parseFiles(Array("{\"itemCount\":1}\n".utf8)) }
        #expect(throws: AnalyticsError.self) { _ = try ExportManifest.parseFiles(Array("{oops\n".utf8)) }
    }

    @Test(
        "a data file key resolves to the same full key with or without the export prefix",
        arguments: [
            ("exports/daily/AWSDynamoDB/1-a/data/x.json.gz", "exports/daily/AWSDynamoDB/1-a"),
            ("AWSDynamoDB/1-a/data/x.json.gz", "exports/daily/AWSDynamoDB/1-a"),
            ("data/x.json.gz", "exports/daily/AWSDynamoDB/1-a/"),
        ])
    func resolve(key: String, folder: String) {
        #expect(
            ExportManifest.resolve(dataFileKey: key, exportFolder: folder)
                == "exports/daily/AWSDynamoDB/1-a/data/x.json.gz")
        #expect(
            ExportManifest.resolve(dataFileKey: "AWSDynamoDB/1-a/data/x.json.gz", exportFolder: "AWSDynamoDB/1-a")
                == "AWSDynamoDB/1-a/data/x.json.gz")
    }

    static let listing = [
        "exports/AWSDynamoDB/01700000000300-cccc/data/a.json.gz",  // newest, still running: no manifest
        "exports/AWSDynamoDB/01700000000200-bbbb/manifest-summary.json",
        "exports/AWSDynamoDB/01700000000200-bbbb/manifest-files.json",
        "exports/AWSDynamoDB/01700000000200-bbbb/data/b2.json.gz",
        "exports/AWSDynamoDB/01700000000200-bbbb/data/b1.json.gz",
        "exports/AWSDynamoDB/01700000000100-aaaa/manifest-summary.json",
        "exports/AWSDynamoDB/01700000000100-aaaa/data/a.json.gz",
        "exports/aggregates/01700000000100-aaaa/part-0.bin",
        "exportsX/AWSDynamoDB/01799999999999-zzzz/manifest-summary.json",
    ]

    static func summaryLoader(types: [String: ExportType]) -> (ExportLocator.Folder) async throws -> ExportSummary {
        { folder in
            ExportSummary(
                exportArn: "arn:aws:dynamodb:us-east-1:1:table/main/export/\(folder.exportId)",
                exportType: types[folder.exportId] ?? .full)
        }
    }

    @Test("the newest completed export of the requested type is chosen; running and other-prefix folders are not")
    func newestCompleted() async throws {
        let types: [String: ExportType] = ["01700000000200-bbbb": .incremental, "01700000000100-aaaa": .full]
        let full = try await ExportLocator.choose(
            type: .full, keys: Self.listing, prefix: "exports", summary: Self.summaryLoader(types: types))
        #expect(full.folder.exportId == "01700000000100-aaaa")
        let incremental = try await ExportLocator.choose(
            type: .incremental, keys: Self.listing, prefix: "exports/", summary: Self.summaryLoader(types: types))
        #expect(incremental.folder.exportId == "01700000000200-bbbb")
        #expect(!incremental.usesDataListing)
        #expect(
            incremental.folder.dataKeys == [
                "exports/AWSDynamoDB/01700000000200-bbbb/data/b1.json.gz",
                "exports/AWSDynamoDB/01700000000200-bbbb/data/b2.json.gz",
            ])
        await #expect(throws: AnalyticsError.self) {
            _ = try await ExportLocator.choose(
                type: .incremental, keys: Self.listing, prefix: "exports",
                summary: Self.summaryLoader(types: ["01700000000200-bbbb": .full]))
        }
    }

    @Test("a manifest-less folder is used only when no folder has a manifest")
    func manifestLess() async throws {
        let keys = Self.listing.filter { !$0.hasSuffix("manifest-summary.json") }
        let choice = try await ExportLocator.choose(
            type: .full, keys: keys, prefix: "exports", summary: Self.summaryLoader(types: [:]))
        #expect(choice.folder.exportId == "01700000000300-cccc")
        #expect(choice.usesDataListing)
        do {
            _ = try await ExportLocator.choose(
                type: .full, keys: [], prefix: "exports", summary: Self.summaryLoader(types: [:]))
            Issue.record("an empty bucket must not yield an export")
        } catch let error as AnalyticsError {
            #expect(error.message == "No export found in S3")
            #expect(error.code == .exportNotFound)
        }
    }

    @Test("an export ARN selects that export")
    func byArn() async throws {
        let id = try #require(
            ExportLocator.exportId(fromArn: "arn:aws:dynamodb:us-east-1:1:table/main/export/01700000000100-aaaa"))
        let choice = try await ExportLocator.choose(
            type: .incremental, keys: Self.listing, prefix: "exports", exportId: id,
            summary: Self.summaryLoader(types: [:]))
        #expect(choice.folder.exportId == "01700000000100-aaaa")
        #expect(ExportLocator.exportId(fromArn: "arn:aws:dynamodb:us-east-1:1:table/main") == nil)
    }

    @Test("gen_export.py's manifests resolve to the data files it wrote")
    func generatedExport() throws {
        try ReferenceScripts.withTemporaryDirectory { scratch in
            let export = try ReferenceScripts.generateExport(
                in: scratch, items: 300, files: 3, seed: 3, incremental: false)
            let summary = try ExportSummary.parse(
                Array(try Data(contentsOf: URL(fileURLWithPath: export + "/manifest-summary.json"))))
            #expect(summary.exportType == .full)
            #expect(export.hasSuffix(summary.exportId))
            let files = try ExportManifest.parseFiles(
                Array(try Data(contentsOf: URL(fileURLWithPath: export + "/manifest-files.json"))))
            #expect(files.count == 3)
            #expect(files.compactMap(\.itemCount).reduce(0, +) == 300)
            // The bucket root is `scratch`: keys are relative to it.
            let folderKey = String(export.dropFirst(scratch.count + 1))
            for file in files {
                let key = ExportManifest.resolve(dataFileKey: file.dataFileS3Key, exportFolder: folderKey)
                #expect(FileManager.default.fileExists(atPath: scratch + "/" + key), "\(key)")
            }
        }
    }
}
