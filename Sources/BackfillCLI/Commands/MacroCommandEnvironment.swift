/// `--environment`, `--calendar` and `--requests-per-minute` as the variables the handler reads; variables set
/// in the environment win over the `--environment` convention.
enum MacroCommandEnvironment {
    static func apply(
        to variables: [String: String], environment: String?, calendar: String?, requestsPerMinute: Int?
    ) -> [String: String] {
        var result = variables
        if let environment {
            if result["MACRO_TABLE"] == nil { result["MACRO_TABLE"] = "MacroIndicators-\(environment)" }
            if result["FRED_API_KEYS_SECRET"] == nil && result["FRED_API_KEYS"] == nil {
                result["FRED_API_KEYS_SECRET"] = "fred-api-keys-\(environment)"
            }
        }
        if let calendar { result["MACRO_CALENDAR"] = calendar }
        if let requestsPerMinute { result["FRED_REQUESTS_PER_MINUTE"] = String(requestsPerMinute) }
        return result
    }
}
