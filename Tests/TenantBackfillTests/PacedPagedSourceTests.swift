import BackfillCore
import BackfillTesting
import JSON
import SourceConnector
import Synchronization
import TenantBackfill
import Testing
import Timekeeping

/// A paged source that answers from a script of failures before serving two pages.
final class ScriptedPagedSource: PagedSource {
    let script: Mutex<[SourceError]>
    let calls = Mutex(0)

    init(failures: [SourceError]) { script = Mutex(failures) }

    var service: String { "connectwise" }
    var firstCursor: Int { 1 }

    func fetchPage(table: String, window: SourceWindow, cursor: Int) async throws(SourceError) -> SourcePage {
        calls.withLock { $0 += 1 }
        if let failure = script.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw failure }
        return SourcePage(records: [["id": .int(Int64(cursor))]], next: cursor < 2 ? cursor + 1 : nil)
    }
}

@Suite("paced source: 429 waits, 5xx retries, 401 fails at once")
struct PacedPagedSourceTests {
    static let window = SourceWindow(
        startDate: CivilDate(year: 2024, month: 1, day: 1), endDate: CivilDate(year: 2024, month: 1, day: 2))

    @Test("a 429 with Retry-After pauses for it, then every page is read")
    func throttled() async throws {
        let time = ManualTimeSource()
        let source = ScriptedPagedSource(failures: [
            SourceError(.throttled(retryAfter: .seconds(30)), service: "connectwise", "throttled", status: 429)
        ])
        let paced = PacedPagedSource(source: source, requestsPerMinute: 600, time: time, random: { 0 })
        let started = time.now
        let fetched = try await paced.fetchAll(table: "service/tickets", window: Self.window)
        #expect(fetched.records.count == 2 && fetched.pages == 2 && fetched.throttles == 1)
        #expect(time.now - started >= .seconds(30))
    }

    @Test("server errors are retried within the attempt budget, then the last error says how many attempts")
    func transient() async throws {
        let failures = (0..<5).map { _ in SourceError(.transient, service: "connectwise", "server error", status: 503) }
        let paced = PacedPagedSource(
            source: ScriptedPagedSource(failures: failures), requestsPerMinute: 600, time: ManualTimeSource(),
            maxAttempts: 3, random: { 0 })
        await #expect {
            _ = try await paced.fetchAll(table: "service/tickets", window: Self.window)
        } throws: { error in
            "\(error)".contains("gave up after 3 attempts")
        }
    }

    @Test("a 401 is not retried")
    func unauthorized() async throws {
        let source = ScriptedPagedSource(failures: [
            SourceError(.unauthorized, service: "connectwise", "check the credentials in secret s", status: 401)
        ])
        let paced = PacedPagedSource(source: source, requestsPerMinute: 600, time: ManualTimeSource())
        await #expect(throws: SourceError.self) {
            _ = try await paced.fetchAll(table: "service/tickets", window: Self.window)
        }
        #expect(source.calls.withLock { $0 } == 1)
    }

    @Test("requests are spaced at the configured requests per minute")
    func pacing() async throws {
        let time = ManualTimeSource()
        let paced = PacedPagedSource(source: ScriptedPagedSource(failures: []), requestsPerMinute: 60, time: time)
        let started = time.now
        for _ in 0..<3 { _ = try await paced.fetchAll(table: "t", window: Self.window) }
        #expect(time.now - started >= .seconds(5))
    }
}
