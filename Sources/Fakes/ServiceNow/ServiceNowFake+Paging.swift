import BackfillTesting
import HTTP
import JSON
import SourceConnector
import Timekeeping

extension ServiceNowFake {
    /// One page of the records matching the query, with `X-Total-Count` and `Link` as the Table API sends them.
    func page(
        entry: LoggedRequest, options: Options, request: LoopbackRequest, excludeReferenceLink: Bool
    ) -> LoopbackResponse {
        guard ServiceNowFakeData.tables.contains(entry.table) else {
            return Self.error(400, "Invalid table \(entry.table)", "")
        }
        guard entry.offset >= 0, (1...10_000).contains(entry.limit) else {
            return Self.error(400, "Invalid sysparm_offset or sysparm_limit", "")
        }
        let window: (start: Timestamp?, end: Timestamp?)
        switch EncodedQueryFilter.parse(entry.query) {
        case .success(let parsed): window = parsed
        case .failure(let message): return Self.error(400, message, "")
        }
        let data = options.data
        let matching = data.indices(from: window.start, to: window.end)
        let pageStart = matching.lowerBound + entry.offset
        let pageEnd = min(matching.upperBound, pageStart + entry.limit)
        let sliceStart = max(matching.lowerBound, pageStart - (entry.offset > 0 ? options.shiftingPages : 0))
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
                    table: entry.table, index: index, updated: updated, updatedText: bad ? "31/02/2024 25:00" : nil,
                    excludeReferenceLink: excludeReferenceLink, instance: endpoint)
                if let every = options.missingIDEvery, (index + 1) % every == 0 { record["sys_id"] = nil }
                records.append(.object(record))
            }
        }
        var headers: HTTPHeaders = ["Content-Type": "application/json", "X-Total-Count": String(matching.count)]
        var links = ["<\(link(request, offset: 0))>;rel=\"first\""]
        if entry.offset > 0 {
            links.append("<\(link(request, offset: max(0, entry.offset - entry.limit)))>;rel=\"prev\"")
        }
        if entry.offset + entry.limit < matching.count {
            links.append("<\(link(request, offset: entry.offset + entry.limit))>;rel=\"next\"")
        }
        let last = matching.isEmpty ? 0 : (matching.count - 1) / entry.limit * entry.limit
        links.append("<\(link(request, offset: last))>;rel=\"last\"")
        headers.add("Link", links.joined(separator: ","))
        let body: JSONValue = ["result": .array(records)]
        return LoopbackResponse(status: 200, headers: headers, body: body.serializedBytes())
    }

    /// The request's URL with `sysparm_offset` replaced.
    private func link(_ request: LoopbackRequest, offset: Int) -> String {
        var pairs = QueryString.decode(request.query).filter { $0.0 != "sysparm_offset" }
        pairs.append(("sysparm_offset", String(offset)))
        return endpoint + request.path + "?" + QueryString.encode(pairs)
    }
}

/// Parses the encoded queries the fake understands: `sys_updated_on>=…`, `>`, `<`, `<=` clauses joined by `^`
/// (date-times `YYYY-MM-DD HH:MM:SS`), and `ORDERBYsys_id`; anything else is refused, so a connector bug shows.
enum EncodedQueryFilter {
    enum Parsed {
        case success((start: Timestamp?, end: Timestamp?))
        case failure(String)
    }

    static func parse(_ query: String?) -> Parsed {
        guard let query, !query.isEmpty else { return .success((nil, nil)) }
        var start: Timestamp?
        var end: Timestamp?
        let field = "sys_updated_on"
        for clause in query.split(separator: "^").map(String.init) {
            if clause == "ORDERBYsys_id" { continue }
            guard clause.hasPrefix(field) else { return .failure("Unsupported query clause \(clause)") }
            let rest = clause.dropFirst(field.count)
            let op = rest.prefix { $0 == "<" || $0 == ">" || $0 == "=" }
            guard let time = SourceWindow.parseSeconds(String(rest.dropFirst(op.count))) else {
                return .failure("Invalid date-time in \(clause)")
            }
            switch op {
            case ">=": start = time
            case ">": start = time + .seconds(1)
            case "<": end = time
            case "<=": end = time + .seconds(1)
            default: return .failure("Unsupported operator in \(clause)")
            }
        }
        return .success((start, end))
    }
}
