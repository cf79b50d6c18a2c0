import AWSSigV4
import Foundation
import SeededRandom
import Testing

@Suite("SigV4Date")
struct SigV4DateTests {
    @Test("formats instants exactly as Foundation's UTC formatter does, across 4,000 seeded instants")
    func matchesFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var random = SeededRandom(seed: 2015_0830)
        var instants = [0, 951_782_400, 951_868_799, 4_107_542_399, -1, 1_440_938_160]  // leap days, edges
        instants += (0..<4_000).map { _ in Int.random(in: -2_208_988_800...4_102_444_800, using: &random) }
        for seconds in instants {
            let date = SigV4Date(secondsSince1970: seconds)
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(date.amzDate == expected, "seconds \(seconds)")
            #expect(date.dateStamp == String(expected.prefix(8)))
            #expect(date.secondsSince1970 == seconds)
        }
    }

    @Test("parses the x-amz-date form back to the same instant")
    func roundTrips() throws {
        let date = try #require(SigV4Date(amzDate: "20150830T123600Z"))
        #expect(date.secondsSince1970 == 1_440_938_160)
        #expect(date == SigV4Date(secondsSince1970: 1_440_938_160))
        #expect(SigV4Date(amzDate: "20240229T235959Z")?.amzDate == "20240229T235959Z")
    }

    @Test(
        "rejects strings that name no instant",
        arguments: [
            "", "20150830", "20150830T123600", "20150830 123600Z", "2015-08-30T12:36:00Z", "20151330T123600Z",
            "20150230T123600Z", "20230229T000000Z", "20150830T243600Z", "20150830T126000Z", "20150830T123660Z",
            "2015083OT123600Z", "+0150830T123600Z",
        ])
    func rejects(_ text: String) {
        #expect(SigV4Date(amzDate: text) == nil)
    }
}
