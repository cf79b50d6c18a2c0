import BackfillTesting
import HTTP
import JSON
import Timekeeping

/// Answers one admitted observations request from ``FREDFakeData`` as FRED would: the window, `limit`,
/// `offset` and `count`, `"."` values, and FRED's 400 messages for bad parameters.
struct FREDFakeResponder {
    var options: FREDFake.Options

    func observations(_ query: [String: String]) -> LoopbackResponse {
        guard let seriesID = query["series_id"], !seriesID.isEmpty else {
            return FREDFake.error(400, "Bad Request.  Variable series_id is not set.")
        }
        guard let series = FREDFakeData.series[seriesID] else {
            return FREDFake.error(400, "Bad Request.  The series does not exist.")
        }
        guard query["file_type"] == "json" else {
            return FREDFake.error(400, "Bad Request.  This fake answers file_type=json only.")
        }
        let start: CivilDate
        let end: CivilDate
        switch (
            date(query["observation_start"], default: "1776-07-04"),
            date(query["observation_end"], default: "9999-12-31")
        ) {
        case (nil, _):
            return FREDFake.error(
                400, "Bad Request.  Variable observation_start can not be \"\(query["observation_start"] ?? "")\".")
        case (_, nil):
            return FREDFake.error(
                400, "Bad Request.  Variable observation_end can not be \"\(query["observation_end"] ?? "")\".")
        case (let first?, let last?):
            start = first
            end = last
        }
        guard start <= end else {
            return FREDFake.error(
                400, "Bad Request.  The value for variable observation_start is after the value for observation_end.")
        }
        guard let limit = Int(query["limit"] ?? "100000"), (1...100_000).contains(limit) else {
            return FREDFake.error(400, "Bad Request.  Variable limit is not between 1 and 100000.")
        }
        guard let offset = Int(query["offset"] ?? "0"), offset >= 0 else {
            return FREDFake.error(400, "Bad Request.  Variable offset is not a non-negative integer.")
        }
        let dates = FREDFakeData.dates(of: series, from: start, through: min(end, options.lastObservation))
        let shown = dates.dropFirst(offset).prefix(min(limit, max(1, options.maxObservationsPerAnswer)))
        let extraDots = options.noValueDates[seriesID] ?? []
        let rows: [JSONValue] = shown.map { day in
            let value = extraDots.contains(day) ? "." : FREDFakeData.valueText(of: series, on: day)
            return [
                "realtime_start": .string(options.lastObservation.iso8601),
                "realtime_end": .string(options.lastObservation.iso8601),
                "date": .string(day.iso8601), "value": .string(value),
            ]
        }
        let body: JSONValue = [
            "realtime_start": .string(options.lastObservation.iso8601),
            "realtime_end": .string(options.lastObservation.iso8601),
            "observation_start": .string(start.iso8601), "observation_end": .string(end.iso8601),
            "units": "lin", "output_type": 1, "file_type": "json", "order_by": "observation_date",
            "sort_order": "asc", "count": .int(Int64(dates.count)), "offset": .int(Int64(offset)),
            "limit": .int(Int64(limit)), "observations": .array(rows),
        ]
        return LoopbackResponse(
            status: 200, headers: ["Content-Type": "application/json; charset=UTF-8"], body: body.serializedBytes())
    }

    /// A `YYYY-MM-DD` parameter, `fallback` when absent, nil when malformed. FRED's open ends (1776-07-04,
    /// 9999-12-31) are valid dates here too.
    private func date(_ text: String?, default fallback: String) -> CivilDate? {
        CivilDate(iso8601: text ?? fallback)
    }
}
