import Foundation
import Testing

@testable import TenantBackfill

/// The alarms in template.yaml read back and held against what the code emits (``TenantMetrics``), so a
/// renamed metric or namespace fails here instead of leaving an alarm that never fires.
@Suite("Tenant backfill alarms in template.yaml")
struct TenantAlarmsTemplateTests {
    static let templatePath =
        String(#filePath.dropLast("Tests/TenantBackfillTests/TenantAlarmsTemplateTests.swift".count))
        + "template.yaml"

    /// One `AWS::CloudWatch::Alarm` resource: its name and its `key: value` lines (last one wins, lists kept).
    struct Alarm {
        var name: String
        var lines: [(key: String, value: String)]

        func values(_ key: String) -> [String] { lines.filter { $0.key == key }.map(\.value) }
        func value(_ key: String) -> String? { values(key).last }
    }

    /// The alarm resources of the template, by a line scan (resources are the 2-space-indented keys).
    static func alarms() throws -> [Alarm] {
        let text = try String(contentsOfFile: templatePath, encoding: .utf8)
        var alarms: [Alarm] = []
        var current: Alarm?
        var inResources = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" "), !line.isEmpty, !line.hasPrefix("#") { inResources = line == "Resources:" }
            guard inResources else { continue }
            if line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") {
                if let current, current.value("Type") == "AWS::CloudWatch::Alarm" { alarms.append(current) }
                current = Alarm(name: String(line.dropFirst(2).dropLast()), lines: [])
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces).drop { $0 == "-" || $0 == " " }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = String(trimmed[..<colon])
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            current?.lines.append((key, value))
        }
        if let current, current.value("Type") == "AWS::CloudWatch::Alarm" { alarms.append(current) }
        return alarms.filter { $0.values("Namespace").contains(TenantMetrics.namespace) }
    }

    static func alarm(watching metric: String) throws -> Alarm {
        try #require(try alarms().first { $0.values("MetricName").contains(metric) })
    }

    @Test("three alarms, on metrics the code emits, in its namespace, without dimensions, to the alarm topic")
    func metricsMatchTheCode() throws {
        let alarms = try Self.alarms()
        #expect(alarms.count == 3)
        for alarm in alarms {
            #expect(Set(alarm.values("Namespace")) == [TenantMetrics.namespace], "\(alarm.name)")
            #expect(Set(alarm.values("MetricName")).isSubset(of: TenantMetrics.Name.all), "\(alarm.name)")
            #expect(alarm.values("Dimensions").isEmpty, "\(alarm.name) must watch the dimension-less metrics")
            #expect(alarm.value("AlarmActions")?.contains("AlarmTopicArn") == true, "\(alarm.name)")
            #expect(alarm.value("TreatMissingData") == "notBreaching", "\(alarm.name)")
        }
    }

    @Test("more than 3 consecutive chunk failures")
    func consecutiveFailures() throws {
        let alarm = try Self.alarm(watching: TenantMetrics.Name.consecutiveFailures)
        #expect(alarm.value("Statistic") == "Maximum")
        #expect(alarm.value("Threshold") == "3" && alarm.value("ComparisonOperator") == "GreaterThanThreshold")
    }

    @Test("a job running longer than 20 hours")
    func jobAge() throws {
        let alarm = try Self.alarm(watching: TenantMetrics.Name.jobAge)
        #expect(alarm.value("Statistic") == "Maximum")
        #expect(alarm.value("Threshold") == "72000" && alarm.value("ComparisonOperator") == "GreaterThanThreshold")
    }

    @Test("completion rate below 90%: succeeded / (succeeded + failed) over sums of the two chunk counts")
    func completionRate() throws {
        let alarm = try Self.alarm(watching: TenantMetrics.Name.chunksSucceeded)
        #expect(alarm.values("MetricName") == [TenantMetrics.Name.chunksSucceeded, TenantMetrics.Name.chunksFailed])
        #expect(alarm.values("Id") == ["succeeded", "failed", "rate"])
        #expect(alarm.values("Stat") == ["Sum", "Sum"])
        #expect(alarm.value("Expression") == "succeeded / (succeeded + failed)")
        #expect(alarm.value("Threshold") == "0.9" && alarm.value("ComparisonOperator") == "LessThanThreshold")
    }
}
