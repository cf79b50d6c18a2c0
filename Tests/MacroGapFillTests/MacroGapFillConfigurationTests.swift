import MacroGapFill
import Testing

@Suite("macro-gapfill configuration from the environment")
struct MacroGapFillConfigurationTests {
    static let base = ["MACRO_TABLE": "MacroIndicators", "FRED_API_KEYS": "a,b"]

    @Test("defaults: FRED's URL, 120/min, the NYSE calendar, no scan bucket, BackfillJobs")
    func defaults() throws {
        let configuration = try MacroGapFillConfiguration(environment: Self.base)
        #expect(configuration.fredURL == "https://api.stlouisfed.org")
        #expect(configuration.requestsPerMinute == 120)
        #expect(configuration.calendar == .nyse)
        #expect(configuration.scanOutputBucket == nil)
        #expect(configuration.jobsTable == "BackfillJobs")
        #expect(configuration.keyOrigin == .list("a,b"))
    }

    @Test("the secret wins over the list; variables are trimmed")
    func secretWins() throws {
        let configuration = try MacroGapFillConfiguration(
            environment: Self.base.merging(["FRED_API_KEYS_SECRET": " fred-keys ", "MACRO_CALENDAR": "weekdays"]) {
                $1
            })
        #expect(configuration.keyOrigin == .secret("fred-keys"))
        #expect(configuration.calendar == .weekdays)
    }

    @Test(
        "a missing or malformed variable is a configuration error naming it",
        arguments: [
            (["FRED_API_KEYS": "a"], "MACRO_TABLE environment variable is required"),
            (["MACRO_TABLE": "t"], "FRED_API_KEYS_SECRET (or FRED_API_KEYS)"),
            (
                ["MACRO_TABLE": "t", "FRED_API_KEYS": "a", "FRED_REQUESTS_PER_MINUTE": "fast"],
                "FRED_REQUESTS_PER_MINUTE"
            ),
            (["MACRO_TABLE": "t", "FRED_API_KEYS": "a", "MACRO_CALENDAR": "lunar"], "MACRO_CALENDAR"),
            (["MACRO_TABLE": "t", "FRED_API_KEYS": "a", "MACRO_FIELD_MAP": #"{"nope":"X"}"#], "MACRO_FIELD_MAP"),
        ])
    func errors(environment: [String: String], message: String) {
        #expect {
            _ = try MacroGapFillConfiguration(environment: environment)
        } throws: { error in
            guard let error = error as? MacroGapFillError else { return false }
            return error.errorType == "ConfigurationError" && error.message.contains(message)
        }
    }
}
