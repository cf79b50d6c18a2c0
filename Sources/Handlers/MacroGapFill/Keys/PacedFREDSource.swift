public import BackfillCore
public import FREDConnector
import Synchronization
public import Timekeeping

/// FRED through one ``RateLimitedCaller`` over a ring of keys, shared by every partition and invocation of the
/// process: each key is paced at its own GCRA limit (`FRED_REQUESTS_PER_MINUTE`, default 120/min), a 429 pauses
/// that key (`Retry-After`, else 60 s) and the call moves on to the next key, a refused key leaves the ring and is
/// reported by name. No fixed breaks, no fixed sleeps. Every page of an answer is one paced call.
public final class PacedFREDSource: MacroSeriesSource {
    /// The client (it holds no key).
    public let client: FREDClient
    /// The caller pacing every request.
    public let caller: RateLimitedCaller<String>
    private let counts = Mutex<[String: Int]>([:])

    /// A source over `keys`, each allowed `requestsPerMinute`, waiting on `time`.
    public init(
        client: FREDClient, keys: FREDKeys, requestsPerMinute: Int, time: any TimeSource,
        policy: CallPolicy = CallPolicy(maxAttempts: 8),
        random: @escaping @Sendable () -> Double = {
            Double.random(in: 0..<1)
        }
    ) {
        self.client = client
        self.caller = RateLimitedCaller(
            keys: keys.keys, limit: .perMinute(requestsPerMinute), time: time, policy: policy, random: random)
    }

    public var callsByKey: [String: Int] { counts.withLock { $0 } }

    public var rejectedKeys: [String] { caller.rejectedKeys }

    public func observations(seriesID: String, start: CivilDate, end: CivilDate) async throws -> FetchedSeries {
        var observations: [FREDObservation] = []
        var calls = 0
        var throttles = 0
        while true {
            let offset = observations.count
            let result = try await caller.call { key, name in
                self.counts.withLock { $0[name, default: 0] += 1 }
                return try await self.client.page(series: seriesID, apiKey: key, start: start, end: end, offset: offset)
            }
            calls += result.attempts
            throttles += result.throttles
            observations += result.value.observations
            if result.value.observations.isEmpty || observations.count >= result.value.count { break }
        }
        let series = FREDSeries(
            id: seriesID, requestedStart: start, requestedEnd: end, observations: observations, calls: calls)
        return FetchedSeries(series: series, calls: calls, throttles: throttles)
    }
}
