/// Why a line or item was counted as malformed and skipped (never fatal). Raw values are the keys of the
/// aggregate's `malformed` counts and of the handler's result.
public enum MalformedReason: String, Sendable, CaseIterable {
    /// The line is not valid JSON of the export's shape.
    case invalidJSON = "invalid-json"
    /// A JSON object with neither `Item`, `NewImage`, `OldImage` nor `Keys`.
    case noImage = "no-image"
    /// A `session-`/`party-` model id whose app field is empty (`session--x`).
    case emptyApp = "empty-app"
    /// A session without a string `userId`.
    case missingUserId = "missing-userId"
    /// A session or party without `createdAt` as `S` or `N`.
    case missingCreatedAt = "missing-createdAt"
    /// A `createdAt` that is neither ISO-8601 nor integer epoch milliseconds.
    case invalidCreatedAt = "invalid-createdAt"
    /// A `gamesPlayed` `N` that is not an integer.
    case invalidGamesPlayed = "invalid-gamesPlayed"
    /// A `members` element that is not a map or has no `joinedAt` (the member is skipped, the party counts).
    case malformedMember = "malformed-member"
    /// A member's `joinedAt` that is neither ISO-8601 nor integer epoch milliseconds.
    case invalidJoinedAt = "invalid-joinedAt"
}

/// One malformed example for the log: the reason, where it was, and the start of the line.
public struct MalformedSample: Sendable, Equatable {
    /// Why it was skipped.
    public var reason: MalformedReason
    /// 1-based line number in its data file.
    public var line: Int
    /// The data file's key or name, when the caller gave one.
    public var file: String
    /// Up to 160 bytes of the line (invalid UTF-8 repaired).
    public var excerpt: String

    /// A sample.
    public init(reason: MalformedReason, line: Int, file: String, excerpt: String) {
        self.reason = reason
        self.line = line
        self.file = file
        self.excerpt = excerpt
    }
}

/// How many lines and items an aggregate has seen.
public struct ExportLineCounts: Sendable, Equatable {
    /// Non-blank lines.
    public var lines = 0
    /// Lines with an item (`Item` or `NewImage`).
    public var items = 0
    /// Incremental lines without `NewImage` (deletes): counted, not aggregated.
    public var deletes = 0
    /// Items that are neither sessions nor parties (other kinds, or a model id with fewer than 3 fields).
    public var ignored = 0
    /// Sessions aggregated.
    public var sessions = 0
    /// Parties aggregated.
    public var parties = 0
    /// Lines or items counted as malformed (members excluded: those are counted under their reason only).
    public var malformed = 0

    /// Zero counts.
    public init() {}

    mutating func add(_ other: ExportLineCounts) {
        lines += other.lines
        items += other.items
        deletes += other.deletes
        ignored += other.ignored
        sessions += other.sessions
        parties += other.parties
        malformed += other.malformed
    }
}
