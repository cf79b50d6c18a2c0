public import HTTP

/// Reads RFC 8288 `Link` headers (`<https://…?page=2>; rel="next", <…>; rel="last"`), which both ConnectWise
/// and ServiceNow use to point at the next page.
public enum LinkHeader {
    /// The URL of the link whose `rel` includes `relation`, across every `Link` field, or nil.
    public static func url(rel relation: String, in headers: HTTPHeaders) -> String? {
        for field in headers.values("link") {
            for link in split(field) {
                guard let open = link.firstIndex(of: "<"), let close = link.firstIndex(of: ">"), open < close
                else { continue }
                let target = String(link[link.index(after: open)..<close])
                let parameters = link[link.index(after: close)...].split(separator: ";")
                for parameter in parameters {
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2, String(pair[0]).trimmingSpaces.lowercased() == "rel" else { continue }
                    let value = String(pair[1]).trimmingSpaces.filter { $0 != "\"" }.lowercased()
                    if value.split(separator: " ").contains(Substring(relation.lowercased())) { return target }
                }
            }
        }
        return nil
    }

    /// The field's links, split on commas outside `<…>` (URLs may hold commas).
    private static func split(_ field: String) -> [Substring] {
        var links: [Substring] = []
        var inside = false
        var start = field.startIndex
        for index in field.indices {
            switch field[index] {
            case "<": inside = true
            case ">": inside = false
            case "," where !inside:
                links.append(field[start..<index])
                start = field.index(after: index)
            default: break
            }
        }
        links.append(field[start...])
        return links
    }
}
