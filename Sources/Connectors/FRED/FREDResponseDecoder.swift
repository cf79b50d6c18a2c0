import HTTP
import JSON
import Timekeeping

/// Turns FRED's answers into pages and errors: observations with `"."` as nil, and the JSON error body
/// (`{"error_code":…,"error_message":…}`) into a ``FREDError`` with the right code.
enum FREDResponseDecoder {
    /// The page in a 200 answer's body.
    static func page(from body: [UInt8], series: String, url: String) throws(FREDError) -> FREDObservationPage {
        guard let document = try? JSONParser.parse(body), let rows = document["observations"]?.arrayValue else {
            throw FREDError(
                .malformed, "the answer is not FRED's observations JSON: \(sample(body))", status: 200,
                series: series, url: url)
        }
        var observations: [FREDObservation] = []
        observations.reserveCapacity(rows.count)
        for row in rows {
            guard let dateText = row["date"]?.stringValue, let date = CivilDate(iso8601: dateText),
                let valueText = row["value"]?.stringValue
            else {
                throw FREDError(
                    .malformed, "an observation lacks a date or value: \(row.serialized().prefix(80))", status: 200,
                    series: series, url: url)
            }
            let value: Double?
            if valueText == "." {
                value = nil
            } else if let number = Double(valueText), number.isFinite {
                value = number
            } else {
                throw FREDError(
                    .malformed, "observation \(dateText) has value \"\(valueText.prefix(20))\"", status: 200,
                    series: series, url: url)
            }
            observations.append(FREDObservation(date: date, value: value))
        }
        let count = document["count"]?.intValue.map(Int.init) ?? observations.count
        let offset = document["offset"]?.intValue.map(Int.init) ?? 0
        let limit = document["limit"]?.intValue.map(Int.init) ?? FREDClient.maximumLimit
        return FREDObservationPage(observations: observations, count: count, offset: offset, limit: limit)
    }

    /// The error for a non-200 answer.
    static func error(for response: HTTPResponse, series: String, apiKey: String, url: String) -> FREDError {
        let document = try? JSONParser.parse(response.body)
        let fredMessage = document?["error_message"]?.stringValue
        let message = FREDError.scrub(
            fredMessage ?? "HTTP \(response.status): \(sample(response.body))", removing: apiKey)
        let status = response.status
        switch status {
        case 429:
            return FREDError(
                .rateLimited(retryAfter: retryAfter(response.headers)), message, status: status, series: series,
                url: url)
        case 400..<500:
            let namesKey = fredMessage?.contains("api_key") == true
            return FREDError(namesKey ? .rejectedKey : .badRequest, message, status: status, series: series, url: url)
        default:
            return FREDError(.server, message, status: status, series: series, url: url)
        }
    }

    /// `Retry-After` in seconds (the HTTP-date form is not used by FRED and is ignored).
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let text = headers["retry-after"], let seconds = Int(text.trimmingASCIISpaces), seconds >= 0 else {
            return nil
        }
        return .seconds(seconds)
    }

    /// The first 120 characters of a body, on one line.
    static func sample(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "(empty body)" }
        let text = String(decoding: body.prefix(120), as: UTF8.self)
        return String(text.map { $0.isNewline ? " " : $0 }) + (body.count > 120 ? "…" : "")
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingASCIISpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
