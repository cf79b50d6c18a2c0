import Foundation
import Testing

@testable import TenantBackfill

@Suite("tenant-backfill configuration from the environment")
struct TenantBackfillConfigurationTests {
    static let base = ["DATA_BUCKET": "lake", "TENANT_SERVICES_TABLE": "Services", "LAST_UPDATED_TABLE": "Markers"]

    static func message(_ environment: [String: String]) -> String? {
        do {
            _ = try TenantBackfillConfiguration(environment: environment)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("a missing required variable and an out-of-range number are named")
    func requiredAndRanges() {
        #expect(Self.message([:]) == "DATA_BUCKET environment variable is required")
        #expect(
            Self.message(Self.base.merging(["TENANT_CONCURRENCY": "0"]) { $1 })
                == "TENANT_CONCURRENCY must be a whole number from 1 to 32")
    }

    @Test("TENANT_SPILL_DIR: /tmp by default, an existing absolute directory when set, else an error naming it")
    func spillDirectory() throws {
        #expect(try TenantBackfillConfiguration(environment: Self.base).spillDirectory == "/tmp")
        let directory = NSTemporaryDirectory() + "spill-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let set = try TenantBackfillConfiguration(
            environment: Self.base.merging(["TENANT_SPILL_DIR": directory]) { $1 })
        #expect(set.spillDirectory == directory)

        let file = directory + "/a-file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        for bad in [directory + "/absent", file, "relative/dir"] {
            let text = try #require(Self.message(Self.base.merging(["TENANT_SPILL_DIR": bad]) { $1 }))
            #expect(text.hasPrefix("TENANT_SPILL_DIR \(bad) is not an existing directory"), "\(text)")
        }
    }
}
