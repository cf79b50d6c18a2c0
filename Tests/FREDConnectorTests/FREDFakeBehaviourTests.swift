import FREDConnector
import FREDFake
import HTTP
import Testing
import Timekeeping

@Suite("FRED fake answers like FRED")
struct FREDFakeBehaviourTests {
    static let key = FREDFake.makeKey(3)

    @Test("a key that is not 32 lower-case alphanumerics, and a limit out of range, get FRED's 400s")
    func parameterChecks() async throws {
        let fake = try FREDFake(options: FREDFake.Options(validKeys: [Self.key]))
        try await CurlHTTPClient.withClient { http in
            defer { fake.stop() }
            let client = FREDClient(baseURL: fake.baseURL, transport: http)
            let day = CivilDate(year: 2024, month: 3, day: 1)
            let shortKey = await #expect(throws: FREDError.self) {
                try await client.page(series: "DFF", apiKey: "ABC", start: day, end: day)
            }
            #expect(shortKey?.code == .rejectedKey)
            #expect(shortKey?.message.contains("32 character alpha-numeric lower-case") == true)
            let badLimit = await #expect(throws: FREDError.self) {
                try await client.page(series: "DFF", apiKey: Self.key, start: day, end: day, limit: 100_001)
            }
            #expect(badLimit?.code == .badRequest)
            let page = try await client.page(
                series: "DFF", apiKey: Self.key, start: day, end: day.adding(days: 9), offset: 4, limit: 3)
            #expect(page.count == 10 && page.offset == 4 && page.limit == 3)
            #expect(page.observations.map(\.date) == [4, 5, 6].map { day.adding(days: $0) })
            #expect(fake.requestCounts == ["ABC": 1, Self.key: 2])
        }
    }

    @Test("generated keys are distinct and shaped like FRED's")
    func keys() {
        let keys = (0..<50).map(FREDFake.makeKey)
        #expect(Set(keys).count == 50)
        #expect(keys.allSatisfy { $0.count == 32 && $0.allSatisfy { $0.isHexDigit && !$0.isUppercase } })
    }
}
