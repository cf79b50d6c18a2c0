import Synchronization

/// Derived signing keys, cached per (secret, date, region, service) so the four-HMAC derivation runs once a day
/// per credential rather than once a request. Thread-safe; holds at most a few keys (a signer sees one or two
/// credentials at a time, and a new day replaces the oldest entry).
final class SigningKeyCache: Sendable {
    private struct Entry {
        var secret: String
        var year: Int
        var month: Int
        var day: Int
        var region: String
        var service: String
        var key: PreparedHMACKey
    }

    private struct State {
        var entries: [Entry] = []
        var nextSlot = 0
    }

    /// How many keys are kept.
    static let capacity = 4

    private let state = Mutex(State())

    init() {}

    /// The prepared signing key for `secret` on `date`'s day in `region` for `service`, derived on first use.
    func key(secret: String, date: SigV4Date, region: String, service: String) -> PreparedHMACKey {
        let cached: PreparedHMACKey? = state.withLock { state in
            for entry in state.entries
            where entry.day == date.day && entry.month == date.month && entry.year == date.year
                && entry.secret == secret && entry.region == region && entry.service == service
            {
                return entry.key
            }
            return nil
        }
        if let cached { return cached }
        let key = Self.derive(secret: secret, date: date, region: region, service: service)
        let entry = Entry(
            secret: secret, year: date.year, month: date.month, day: date.day, region: region, service: service,
            key: key
        )
        state.withLock { state in
            if state.entries.count < Self.capacity {
                state.entries.append(entry)
            } else {
                state.entries[state.nextSlot] = entry
                state.nextSlot = (state.nextSlot + 1) % Self.capacity
            }
        }
        return key
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    static func derive(secret: String, date: SigV4Date, region: String, service: String) -> PreparedHMACKey {
        var seed: [UInt8] = Array("AWS4".utf8)
        seed.append(contentsOf: secret.utf8)
        var stamp: [UInt8] = []
        date.appendDateStamp(to: &stamp)
        let dateKey = seed.withUnsafeBytes { PreparedHMACKey(key: $0) }
        let kDate = stamp.withUnsafeBytes { dateKey.mac($0) }
        let kRegion = PreparedHMACKey(key: kDate).mac(region)
        let kService = PreparedHMACKey(key: kRegion).mac(service)
        let kSigning = PreparedHMACKey(key: kService).mac("aws4_request")
        return PreparedHMACKey(key: kSigning)
    }
}
