public import AWSSigV4
public import Timekeeping

/// Caches expiring credentials and fetches new ones shortly before they expire. Concurrent callers during a
/// refresh share one fetch. While cached credentials are still valid, a failed refresh falls back to them.
public actor CachingCredentialProvider: AWSCredentialProvider {
    private let fetch: @Sendable () async throws -> ExpiringCredentials
    private let timeSource: any TimeSource
    private let refreshWindow: Duration
    private var cached: ExpiringCredentials?
    private var inFlight: Task<ExpiringCredentials, any Error>?

    /// - Parameters:
    ///   - refreshWindow: how long before expiry a refresh starts.
    ///   - fetch: obtains fresh credentials.
    public init(
        timeSource: any TimeSource,
        refreshWindow: Duration = .seconds(300),
        fetch: @escaping @Sendable () async throws -> ExpiringCredentials
    ) {
        self.timeSource = timeSource
        self.refreshWindow = refreshWindow
        self.fetch = fetch
    }

    public func credentials() async throws -> AWSCredentials {
        let now = timeSource.now
        if let cached, !needsRefresh(cached, now: now) { return cached.credentials }
        let task: Task<ExpiringCredentials, any Error>
        if let inFlight {
            task = inFlight
        } else {
            let fetch = self.fetch
            task = Task { try await fetch() }
            inFlight = task
        }
        do {
            let fresh = try await task.value
            inFlight = nil
            cached = fresh
            return fresh.credentials
        } catch {
            inFlight = nil
            if let cached, let expiration = cached.expiration, expiration > now { return cached.credentials }
            throw error
        }
    }

    private func needsRefresh(_ credentials: ExpiringCredentials, now: Timestamp) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return now + refreshWindow >= expiration
    }
}
