import BackfillCore
import BackfillTesting
import JSON
import Redaction
import Testing
import Timekeeping

@Suite("Reports, redaction, status view and progress")
struct ReportingTests {
    @Test(
        "redaction removes account ids, access keys and secret values",
        arguments: [
            ("arn:aws:iam::123456789012:role/x denied", "123456789012"),
            ("key AKIAIOSFODNN7EXAMPLE rejected", "AKIAIOSFODNN7EXAMPLE"),
            ("url?token=abc.def&x=1", "abc.def"),
            ("{\"password\": \"hunter2\"}", "hunter2"),
            ("Authorization: Bearer eyJhbGciOi", "eyJhbGciOi"),
            ("api_key=0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef"),
        ]
    )
    func redaction(text: String, secret: String) {
        let redacted = SecretRedactor.errors.redact(text, limit: PartitionState.storedErrorLimit)
        #expect(!redacted.contains(secret), "\(redacted)")
        #expect(redacted.contains("[REDACTED]") || redacted.contains("************"))
    }

    @Test("redaction keeps ordinary text and caps the size on a character boundary")
    func truncation() {
        #expect(
            SecretRedactor.errors.redact("HTTP 503 from ce.us-east-1 after 3 attempts")
                == "HTTP 503 from ce.us-east-1 after 3 attempts")
        let long = SecretRedactor.errors.redact(
            String(repeating: "é", count: 200), limit: PartitionState.storedErrorLimit)
        #expect(long.utf8.count <= PartitionState.storedErrorLimit && long.hasSuffix("…"))
    }

    @Test("the report has the existing tools' shape")
    func reportShape() throws {
        let report = BackfillReport(
            message: "backfill_complete",
            succeeded: ["2025-11"],
            failed: [.init(period: "2025-10", error: "throttled")],
            skipped: ["2025-09"]
        )
        let expected: JSONValue = [
            "statusCode": 207,
            "body": [
                "message": "backfill_complete", "succeeded": ["2025-11"],
                "failed": [["period": "2025-10", "error": "throttled"]], "skipped": ["2025-09"],
            ],
        ]
        #expect(report.json == expected)
        #expect(BackfillReport(message: "ok", succeeded: ["a"]).json["statusCode"] == 200)
    }

    func sampleJob() -> JobRecord {
        let created = Timestamp(millisecondsSince1970: 1_763_712_000_000)
        var job = JobRecord(JobFixtures.definition(60), now: created)
        for index in 0..<60 {
            let status: PartitionStatus =
                index < 40 ? .succeeded : index < 42 ? .failed : index < 45 ? .running : .pending
            job.partitions[index].status = status
            job.partitions[index].updatedAt = created + .seconds(Int64(index < 42 ? index + 1 : 0) * 6)
            if status == .failed {
                job.partitions[index].lastError = "boom \(index)"
                job.partitions[index].attempts = 3
            }
        }
        job.totals = JobTotals(job.partitions)
        job.status = .running
        return job
    }

    @Test("the status grid shows one letter per partition without a terminal, with counts, rate and ETA")
    func plainGrid() {
        let text = JobStatusView.detail(
            sampleJob(), now: Timestamp(millisecondsSince1970: 1_763_712_300_000), color: false)
        let gridLines = text.split(separator: "\n").filter { $0.hasPrefix("2025-") }
        #expect(gridLines.count == 2)
        #expect(gridLines[0].hasSuffix(String(repeating: "S", count: 40) + "FFRRR" + "....."))
        #expect(text.contains("40 succeeded, 2 failed, 0 skipped, 3 running, 15 pending of 60"))
        // 42 settled in 252 s → 10 per minute; 18 left → 108 s.
        #expect(text.contains("10.0 partitions/min, ETA 1m48s"))
        #expect(text.contains("boom 40"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test("on a terminal the grid is coloured")
    func colouredGrid() {
        let text = JobStatusView.detail(sampleJob(), now: Timestamp(millisecondsSince1970: 0), color: true)
        #expect(text.contains("\u{1B}[32m■\u{1B}[0m") && text.contains("\u{1B}[31m■\u{1B}[0m"))
    }

    @Test("the job list and JSON view carry ids, statuses and totals")
    func listAndJSON() {
        let job = sampleJob()
        let list = JobStatusView.list([job.summary])
        #expect(list.contains("job-1") && list.contains("running") && list.contains("42/60"))
        #expect(JobStatusView.list([]) == "no jobs\n")
        let json = JobStatusView.json(job)
        #expect(json["totals"]?["failed"] == 2)
        #expect(json["partitions"]?.arrayValue?.count == 60)
    }

    @Test("progress draws a bar on a terminal and throttled lines otherwise")
    func progress() {
        let clock = ManualTimeSource()
        let capture = LogCapture()
        let plain = ProgressReporter(
            label: "partitions", total: 10, isTerminal: false, time: clock, interval: .seconds(10)
        ) {
            capture.append(line: $0)
        }
        for _ in 0..<10 {
            clock.advance(by: .seconds(3))
            plain.advance()
        }
        // Lines at 3 s, 15 s, 27 s, and the last one at 30 s.
        #expect(
            capture.lines == [
                "partitions: 1/10 (10%) ETA 27s\n", "partitions: 5/10 (50%) ETA 15s\n",
                "partitions: 9/10 (90%) ETA 3s\n", "partitions: 10/10 (100%)\n",
            ])
        let bar = ProgressReporter(label: "p", total: 4, isTerminal: true, time: clock) { _ in }
        #expect(
            bar.render(done: 2, failed: 1, elapsed: .seconds(10)).hasPrefix("\r[" + String(repeating: "#", count: 15)))
        #expect(bar.render(done: 2, failed: 1, elapsed: .seconds(10)).contains("2/4 50% 1 failed ETA 10s"))
    }
}
