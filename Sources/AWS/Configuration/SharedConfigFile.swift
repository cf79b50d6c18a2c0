#if canImport(Glibc)
    import Glibc
#endif

/// The AWS shared `credentials` and `config` files (INI): sections of `key = value` lines. In `config`, profiles
/// other than `default` are written `[profile name]`; in `credentials`, just `[name]`.
struct SharedConfigFile: Sendable {
    /// Keys (lowercased) and values per profile name.
    private(set) var profiles: [String: [String: String]] = [:]

    /// Parses INI text; `isConfigFile` strips the `profile ` prefix from section names.
    init(text: String, isConfigFile: Bool) {
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = rawLine.trimmed()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else {
                    current = nil
                    continue
                }
                var name = String(line[line.index(after: line.startIndex)..<close]).trimmed()
                if isConfigFile {
                    if name.hasPrefix("profile ") {
                        name = String(name.dropFirst("profile ".count)).trimmed()
                    } else if name != "default" {
                        current = nil  // `[sso-session x]`, `[services x]`: not profiles
                        continue
                    }
                }
                current = name
                if profiles[name] == nil { profiles[name] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmed().lowercased()
            var value = String(line[line.index(after: equals)...]).trimmed()
            if let comment = value.firstRange(of: " #") ?? value.firstRange(of: " ;") {
                value = String(value[..<comment.lowerBound]).trimmed()
            }
            profiles[current, default: [:]][key] = value
        }
    }

    /// Reads and parses the file at `path`; nil when it does not exist or cannot be read.
    static func load(path: String, isConfigFile: Bool) -> SharedConfigFile? {
        guard let bytes = LocalFile.read(path) else { return nil }
        return SharedConfigFile(text: String(decoding: bytes, as: UTF8.self), isConfigFile: isConfigFile)
    }
}

/// Reading small local files (shared config, token files) without Foundation.
enum LocalFile {
    /// The whole file, or nil when it cannot be opened.
    static func read(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while result.count <= limit {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            result += buffer[0..<count]
        }
        return result
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set` (compared by Unicode scalar, so `"\r\n"` in
    /// `set` means both characters).
    func trimmed(_ set: String = " \t") -> String {
        let scalars = Set(set.unicodeScalars)
        var view = Substring(self).unicodeScalars[...]
        while let first = view.first, scalars.contains(first) { view = view.dropFirst() }
        while let last = view.last, scalars.contains(last) { view = view.dropLast() }
        return String(String.UnicodeScalarView(view))
    }
}
