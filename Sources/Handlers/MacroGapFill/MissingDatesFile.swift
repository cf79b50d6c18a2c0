public import Timekeeping

/// Why a date is listed for backfill.
public enum GapKind: String, Sendable, Hashable, CaseIterable {
    /// No item for the trading day.
    case missing
    /// An item lacking a required field, or holding a non-number in one.
    case incomplete
}

/// `missing_dates.txt` exactly as the users' script writes it, and read back leniently:
///
/// ```
/// # Missing and Incomplete Dates for Backfill
/// # Generated: 2025-11-21 08:30:00
/// # Total dates: 2
/// #
/// 2020-01-02 # missing
/// 2020-01-03 # incomplete
/// ```
public struct MissingDatesFile: Sendable, Hashable {
    /// One listed date; `kind` is nil when the line was edited down to a bare date or has another comment.
    public struct Entry: Sendable, Hashable {
        public var date: CivilDate
        public var kind: GapKind?

        /// Creates an entry.
        public init(date: CivilDate, kind: GapKind?) {
            self.date = date
            self.kind = kind
        }
    }

    /// The first header line.
    public static let title = "# Missing and Incomplete Dates for Backfill"

    /// The entries, sorted by date, one per date.
    public private(set) var entries: [Entry]

    /// A file of `entries` (sorted by date; a date listed twice keeps its first kind).
    public init(entries: [Entry]) {
        var seen = Set<CivilDate>()
        self.entries = entries.filter { seen.insert($0.date).inserted }.sorted { $0.date < $1.date }
    }

    /// A file of missing and incomplete dates (both kinds together, sorted by date).
    public init(missing: [CivilDate], incomplete: [CivilDate]) {
        self.init(
            entries: missing.map { Entry(date: $0, kind: .missing) }
                + incomplete.map { Entry(date: $0, kind: .incomplete) })
    }

    /// The dates, sorted.
    public var dates: [CivilDate] { entries.map(\.date) }

    /// The file's text: the four header lines (`generated` as `YYYY-MM-DD HH:MM:SS`, UTC), then one
    /// `YYYY-MM-DD # kind` line per date, each line ending in a newline. Entries without a kind are written bare.
    public func render(generated: Timestamp) -> String {
        let civil = generated.civil
        let time = [civil.hour, civil.minute, civil.second].map(Self.twoDigits).joined(separator: ":")
        var text = Self.title + "\n"
        text += "# Generated: \(civil.date.iso8601) \(time)\n"
        text += "# Total dates: \(entries.count)\n"
        text += "#\n"
        for entry in entries {
            text += entry.kind.map { "\(entry.date.iso8601) # \($0.rawValue)\n" } ?? "\(entry.date.iso8601)\n"
        }
        return text
    }

    /// Reads a file: comments (`#…`) and blank lines are ignored; a line is a date, optionally followed by
    /// `# missing`, `# incomplete` or another comment. Any other line is an error naming its 1-based number.
    public static func parse(_ text: String) throws(MacroGapFillError) -> MissingDatesFile {
        var entries: [Entry] = []
        for (index, rawLine) in lines(of: text).enumerated() {
            let line = trimmed(rawLine)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let dateText = trimmed(parts[0])
            guard let date = CivilDate(iso8601: String(dateText)) else {
                throw MacroGapFillError(
                    .malformedDatesFile,
                    "line \(index + 1) is not a date (YYYY-MM-DD), a comment or blank: \"\(line.prefix(60))\"",
                    context: ["line": String(index + 1)])
            }
            let comment = parts.count > 1 ? String(trimmed(parts[1])) : ""
            entries.append(Entry(date: date, kind: GapKind(rawValue: comment)))
        }
        return MissingDatesFile(entries: entries)
    }

    /// Lines split at LF, CRLF or CR (a CRLF is one `Character`, so splitting at "\n" alone would miss it).
    private static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{FEFF}" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return text[first...last]
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
