/// The DynamoDB type of an attribute the scanner looked at.
public enum ScannedType: UInt8, Sendable {
    /// The attribute is not in the item.
    case absent
    /// `{"S": "…"}`: the text holds the decoded string.
    case string
    /// `{"N": "…"}`: the text holds the number as DynamoDB writes it (a string of digits).
    case number
    /// `{"L": […]}` (reported for `members` only).
    case list
    /// Any other type (`L`, `M`, `BOOL`, `NULL`, sets, binary), or an empty attribute value.
    case other
}

/// Where a decoded string sits: in the scanned line itself when it has no escapes (no copy), else in the
/// scanner's buffer. Read it with `ExportLineScanner.bytes(_:)` before the next scan, while the line's bytes
/// are still valid.
public struct ScannedText: Sendable, Hashable {
    /// Offset in the line (0 or more), or `-(offset + 1)` in the scanner's buffer (decoded escapes).
    public var start: Int
    /// Length in bytes (UTF-8, escapes decoded).
    public var count: Int

    /// An empty text.
    public static let empty = ScannedText(start: 0, count: 0)
}

/// One attribute of the current line's item: its type, and for `S` and `N` its text.
public struct ScannedAttribute: Sendable {
    /// The attribute's DynamoDB type, `.absent` when the item has no such attribute.
    public var type: ScannedType
    /// The decoded `S` or `N` text (empty for other types).
    public var text: ScannedText

    /// An attribute the item does not have.
    public static let absent = ScannedAttribute(type: .absent, text: .empty)
}

/// One element of a party's `members` list.
public struct ScannedMember: Sendable {
    /// False when the list element is not `{"M": {…}}`.
    public var isMap: Bool
    /// The member's `userId`.
    public var userId: ScannedAttribute
    /// The member's `joinedAt`.
    public var joinedAt: ScannedAttribute
}

/// What a line of a DynamoDB export turned out to be.
public enum LineShape: Sendable, Equatable {
    /// Nothing but white space (a trailing newline).
    case blank
    /// A full-export line, `{"Item": {…}}`.
    case item
    /// An incremental-export line with a `NewImage` (an insert or update).
    case newImage
    /// An incremental-export line without `NewImage` (a delete: only `Keys`, maybe `OldImage`).
    case delete
    /// A JSON object with neither `Item`, `NewImage`, `OldImage` nor `Keys`.
    case noImage
    /// Not valid JSON of the expected shape; `ExportLineScanner.failure` says why.
    case invalid
}
