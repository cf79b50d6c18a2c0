import BackfillTesting
import HTTP
import JSON
import SourceConnector
import Timekeeping

extension ConnectWiseFake {
    /// One page of the records matching the window, with `Link` rel="next" / rel="last" as ConnectWise sends.
    func page(
        entry: LoggedRequest, window: (start: Timestamp?, end: Timestamp?), options: Options, request: LoopbackRequest
    ) -> LoopbackResponse {
        let data = options.data
        let matching = data.indices(from: window.start, to: window.end)
        let pageStart = matching.lowerBound + (entry.page - 1) * entry.pageSize
        let pageEnd = min(matching.upperBound, pageStart + entry.pageSize)
        let sliceStart = max(matching.lowerBound, pageStart - (entry.page > 1 ? options.shiftingPages : 0))
        var records: [JSONValue] = []
        if sliceStart < pageEnd {
            for index in sliceStart..<pageEnd {
                var updated = data.updated(index)
                if index < pageStart {
                    updated = updated + .seconds(1)
                    if let end = window.end, updated >= end { updated = end - .seconds(1) }
                }
                let bad = options.badTimestampEvery.map { (index + 1) % $0 == 0 } ?? false
                var record = data.record(
                    table: entry.table, index: index, updated: updated, updatedText: bad ? "not-a-date" : nil)
                if let every = options.missingIDEvery, (index + 1) % every == 0 { record["id"] = nil }
                records.append(.object(record))
            }
        }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        let lastPage = max(1, (matching.count + entry.pageSize - 1) / entry.pageSize)
        var links: [String] = []
        if entry.page < lastPage { links.append("<\(link(request, page: entry.page + 1))>; rel=\"next\"") }
        if lastPage > 1 { links.append("<\(link(request, page: lastPage))>; rel=\"last\"") }
        if !links.isEmpty { headers.add("Link", links.joined(separator: ", ")) }
        return LoopbackResponse(status: 200, headers: headers, body: JSONValue.array(records).serializedBytes())
    }

    /// The request's URL with `page` replaced.
    private func link(_ request: LoopbackRequest, page: Int) -> String {
        var pairs = QueryString.decode(request.query).filter { $0.0 != "page" }
        pairs.append(("page", String(page)))
        return endpoint + request.path + "?" + QueryString.encode(pairs)
    }
}

/// Parses the `conditions` the fake understands: `F >= [T1] and F < [T2]` (either part alone, `<=`/`>` too
/// treated as bounds) where F is `lastUpdated` or `_info/lastUpdated`.
enum ConditionsFilter {
    enum Parsed {
        case success((start: Timestamp?, end: Timestamp?))
        case failure(String)
    }

    static func parse(_ conditions: String?) -> Parsed {
        guard let conditions, !conditions.isEmpty else { return .success((nil, nil)) }
        var start: Timestamp?
        var end: Timestamp?
        for clause in conditions.split(separator: " and ") {
            let parts = clause.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { return .failure("cannot parse condition \(clause)") }
            guard parts[0] == "lastUpdated" || parts[0] == "_info/lastUpdated" else {
                return .failure("unknown field \(parts[0]) in conditions")
            }
            let value = parts[2]
            guard value.hasPrefix("["), value.hasSuffix("]"),
                let time = SourceWindow.parseSeconds(String(value.dropFirst().dropLast()))
            else { return .failure("a date in conditions must look like [2024-01-31T00:00:00Z]: \(value)") }
            switch parts[1] {
            case ">=": start = time
            case ">": start = time + .seconds(1)
            case "<": end = time
            case "<=": end = time + .seconds(1)
            default: return .failure("unknown operator \(parts[1]) in conditions")
            }
        }
        return .success((start, end))
    }
}
