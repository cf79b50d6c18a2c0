public import Timekeeping

/// A scan's figures, for the result and the CLI's summary block.
public struct MacroScanReport: Sendable, Hashable {
    /// The range scanned.
    public var range: ClosedRange<CivilDate>
    /// The classification.
    public var result: GapScanResult
    /// Pages, segments, malformed keys.
    public var table: MacroTableScan
    /// How long the table scan took.
    public var duration: Duration
    /// The file's text.
    public var fileText: String?
    /// Where the file was written (`s3://bucket/key`), when it was.
    public var fileKey: String?
}
