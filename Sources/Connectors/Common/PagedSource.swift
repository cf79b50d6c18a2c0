/// A source read page by page with an integer cursor, the same way for every connector, so the chunk runner
/// can walk any table without knowing whether the source counts pages or offsets.
public protocol PagedSource: Sendable {
    /// `connectwise`, `servicenow`.
    var service: String { get }
    /// The cursor of the first page: 1 for ConnectWise's page numbers, 0 for ServiceNow's offsets.
    var firstCursor: Int { get }
    /// Fetches the page at `cursor` of `table`'s records updated within `window`, with exactly one request;
    /// the result's `next` is the following cursor, nil after the last page.
    func fetchPage(table: String, window: SourceWindow, cursor: Int) async throws(SourceError) -> SourcePage
    /// The number of `table`'s records updated within `window`, with exactly one request, where the source has
    /// a count endpoint (ConnectWise's `{table}/count`); nil where it has none.
    func count(table: String, window: SourceWindow) async throws(SourceError) -> Int?
}

extension PagedSource {
    /// No count endpoint.
    public func count(table: String, window: SourceWindow) async throws(SourceError) -> Int? { nil }
}
