/// An export's data files grouped into tracker partitions of bounded compressed bytes, in key order, so an
/// export of thousands of files fits in one job. A file is never split; a file larger than the bound is a
/// partition of its own. The grouping is deterministic for an export, so a resumed run finds the same keys.
public struct ExportPartitions: Sendable, Equatable {
    /// One partition: its key (`files-00001`) and its data files (full keys) with their sizes.
    public struct Group: Sendable, Equatable, Codable {
        public var key: String
        public var files: [String]
        public var bytes: Int
    }

    /// The groups, in order.
    public var groups: [Group]

    /// Partitions already grouped (a saved plan).
    public init(groups: [Group]) { self.groups = groups }

    /// Groups `files` (key, compressed size) into partitions of at most `maximumBytes` each.
    public init(files: [(key: String, size: Int)], maximumBytes: Int) {
        var groups: [Group] = []
        var current = Group(key: "", files: [], bytes: 0)
        for file in files.sorted(by: { $0.key < $1.key }) {
            if !current.files.isEmpty, current.bytes + file.size > maximumBytes {
                groups.append(current)
                current = Group(key: "", files: [], bytes: 0)
            }
            current.files.append(file.key)
            current.bytes += file.size
        }
        if !current.files.isEmpty { groups.append(current) }
        for index in groups.indices { groups[index].key = Self.key(index) }
        self.groups = groups
    }

    /// `files-00001` for the first partition.
    static func key(_ index: Int) -> String {
        let digits = String(index + 1)
        return "files-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The partition keys, in order.
    public var keys: [String] { groups.map(\.key) }

    /// The group of `key`.
    public func group(_ key: String) -> Group? { groups.first { $0.key == key } }

    /// Total compressed bytes.
    public var totalBytes: Int { groups.reduce(0) { $0 + $1.bytes } }
}
