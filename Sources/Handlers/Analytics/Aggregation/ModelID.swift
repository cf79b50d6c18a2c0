/// The fields of a `modelId` the metrics use: `{kind}-{app}-{id}`, split at the first two dashes (the id may
/// contain dashes). Nil when there are fewer than three fields, as the existing tool's `split("-", 2)`.
struct ModelID {
    enum Kind {
        case session, party, other
    }

    var kind: Kind
    /// The app's bytes, a slice of the scanned model id (valid as long as it is).
    var app: UnsafeRawBufferPointer

    init?(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, let firstDash = memchr(base, 0x2D, bytes.count) else { return nil }
        let first = UnsafeRawPointer(firstDash) - base
        guard let secondDash = memchr(base + first + 1, 0x2D, bytes.count - first - 1) else { return nil }
        let second = UnsafeRawPointer(secondDash) - base
        if first == 7, memcmp(base, "session", 7) == 0 {
            self.kind = .session
        } else if first == 5, memcmp(base, "party", 5) == 0 {
            self.kind = .party
        } else {
            self.kind = .other
        }
        app = UnsafeRawBufferPointer(rebasing: bytes[(first + 1)..<second])
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
