import BackfillCore
public import JSON
public import SourceConnector
public import Timekeeping

extension PacedPagedSource {
    /// Every page of `table` in `window`, in order, each handed to `page` as it arrives and not kept (so a
    /// chunk's records need not all be in memory at once): the result counts pages and throttles and has no
    /// records. Stops like `fetchAll`: no page after the first at or after `stopAt`, none once more than
    /// `maxRecords` records were received (`stoppedEarly`, `overRecordLimit`).
    public func fetchPages(
        table: String, window: SourceWindow, stopAt: Timestamp? = nil, maxRecords: Int? = nil,
        page: ([JSONValue]) async throws -> Void
    ) async throws -> FetchedChunk {
        var fetched = FetchedChunk()
        var received = 0
        var cursor: Int? = source.firstCursor
        while let current = cursor {
            if let maxRecords, received > maxRecords {
                fetched.stoppedEarly = true
                fetched.overRecordLimit = true
                break
            }
            if let stopAt, fetched.pages > 0, caller.time.now >= stopAt {
                fetched.stoppedEarly = true
                break
            }
            let (answer, throttles) = try await self.page(table: table, window: window, cursor: current)
            received += answer.records.count
            fetched.pages += 1
            fetched.throttles += throttles
            if fetched.totalCount == nil { fetched.totalCount = answer.totalCount }
            cursor = answer.next
            try await page(answer.records)
        }
        return fetched
    }
}
