/// Turns export lines into a `PartialAggregate`, with the rules of the metrics: the kind (`session`,
/// `party`) must match exactly, the app is the second dash-separated field of `modelId` (ids may contain
/// dashes), the day is the UTC day of `createdAt` (ISO-8601 or epoch milliseconds) and of each member's
/// `joinedAt`; user ids are compared byte for byte; a session without `gamesPlayed` counts 0 games.
/// Malformed lines and items are counted per reason and sampled, never fatal. A value type with mutating
/// methods only, so the per-line work pays no dynamic exclusivity checks; one aggregator per task.
public struct DailyAggregator {
    /// What has been aggregated so far.
    public var aggregate: PartialAggregate {
        guard pendingUsers.isEmpty else {
            var counted = self
            counted.countPendingUsers()
            return counted.aggregate
        }
        var result = base
        result.userTable = users
        for (slot, value) in zip(bucketKeys, buckets) {
            result.totals[PartialAggregate.Key(day: slot >> 20, app: appNames[slot & 0xFFFFF])] = value
        }
        result.apps.formUnion(appNames)
        return result
    }

    /// Counts, malformed reasons and samples; totals and apps live in the fast structures below.
    private var base = PartialAggregate()
    /// Totals keyed by `day << 20 | app number` (an Int hashes faster than a day and an app name).
    private var buckets: [PartialAggregate.Totals] = []
    private var bucketKeys: [Int] = []
    private var bucketPositions = PositionTable()
    /// The last bucket used: a party's joins are mostly on its creation day.
    private var lastBucket = (key: -1, position: 0)
    /// User ids by number: a bucket's set holds 4-byte numbers, which keeps the sets small enough to stay in
    /// cache (the user table is one per aggregator, not one per day and app).
    private var users = ByteStringNumbers()
    /// App names by number, and the numbers of names (searched linearly first: exports have few apps).
    private var appNames: [ExactBytes] = []
    private var appNumbers: [ExactBytes: Int] = [:]
    /// Sessions whose user is still to be counted, with their buckets: user ids are looked up in batches so
    /// the cache misses of consecutive lookups overlap (no lookup waits for the previous one).
    private var pendingUsers: [ExactBytes] = []
    private var pendingBuckets: [Int] = []
    private var pendingNumbers: [UInt32] = []
    private static let batchSize = 32
    private var dateMemo = UTCDay.DateMemo()
    private var scanner = ExportLineScanner()
    private var file = ""
    private var lineNumber = 0

    /// An empty aggregator.
    public init() {}

    /// Starts a new data file: line numbers in samples restart at 1 and name `file`.
    public mutating func startFile(_ file: String) {
        self.file = file
        lineNumber = 0
    }

    /// Returns the aggregate so far and starts a new, empty one (e.g. one partial per data file).
    public mutating func takeAggregate() -> PartialAggregate {
        countPendingUsers()
        let result = aggregate
        base = PartialAggregate()
        buckets.removeAll()
        bucketKeys.removeAll()
        bucketPositions = PositionTable()
        lastBucket = (-1, 0)
        users = ByteStringNumbers()
        appNames.removeAll()
        appNumbers.removeAll()
        return result
    }

    /// The position of a bucket in `buckets`, adding an empty one when new.
    @inline(__always)
    private mutating func bucket(_ key: Int) -> Int {
        if key == lastBucket.key { return lastBucket.position }
        let found = bucketPositions.position(of: key, orInsert: buckets.count)
        if found.inserted {
            buckets.append(PartialAggregate.Totals())
            bucketKeys.append(key)
        }
        lastBucket = (key, found.position)
        return found.position
    }

    /// The number of an app, registering it when new.
    @inline(__always)
    private mutating func appNumber(_ app: ExactBytes) -> Int {
        let names = appNames
        for index in 0..<min(names.count, 16) where names[index] == app { return index }
        if let number = appNumbers[app] { return number }
        appNames.append(app)
        appNumbers[app] = appNames.count - 1
        return appNames.count - 1
    }

    /// Aggregates one line (with or without its newline).
    public mutating func add(line: UnsafeRawBufferPointer) {
        lineNumber += 1
        switch scanner.scan(line) {
        case .blank:
            return
        case .invalid:
            base.counts.lines += 1
            malformed(.invalidJSON, line)
        case .noImage:
            base.counts.lines += 1
            malformed(.noImage, line)
        case .delete:
            base.counts.lines += 1
            base.counts.deletes += 1
        case .item, .newImage:
            base.counts.lines += 1
            base.counts.items += 1
            addItem(line)
        }
    }

    /// Aggregates one line held in an array.
    public mutating func add(line: [UInt8]) {
        line.withUnsafeBytes { add(line: $0) }
    }

    private mutating func addItem(_ line: UnsafeRawBufferPointer) {
        guard scanner.modelId.type == .string, let parts = ModelID(scanner.bytes(scanner.modelId.text)) else {
            base.counts.ignored += 1
            return
        }
        guard parts.kind != .other else {
            base.counts.ignored += 1
            return
        }
        guard !parts.app.isEmpty else { return malformed(.emptyApp, line) }
        let app = appNumber(ExactBytes(parts.app))
        let day: Int
        switch utcDay(scanner.createdAt) {
        case .day(let value): day = value
        case .missing: return malformed(.missingCreatedAt, line)
        case .invalid: return malformed(.invalidCreatedAt, line)
        }
        if parts.kind == .session {
            guard scanner.userId.type == .string else { return malformed(.missingUserId, line) }
            var games: Int64 = 0
            if scanner.gamesPlayed.type == .number {
                guard let value = UTCDay.integer(scanner.bytes(scanner.gamesPlayed.text)) else {
                    return malformed(.invalidGamesPlayed, line)
                }
                games = value
            }
            base.counts.sessions += 1
            let position = bucket(day << 20 | app)
            buckets[position].gamesPlayed += games
            pendingUsers.append(ExactBytes(scanner.bytes(scanner.userId.text)))
            pendingBuckets.append(position)
            if pendingUsers.count == Self.batchSize { countPendingUsers() }
        } else {
            base.counts.parties += 1
            buckets[bucket(day << 20 | app)].partiesCreated += 1
            for member in scanner.members {
                guard member.isMap else {
                    malformed(.malformedMember, line, countsItem: false)
                    continue
                }
                switch utcDay(member.joinedAt) {
                case .day(let joinDay):
                    buckets[bucket(joinDay << 20 | app)].partiesJoined += 1
                case .missing: malformed(.malformedMember, line, countsItem: false)
                case .invalid: malformed(.invalidJoinedAt, line, countsItem: false)
                }
            }
        }
    }

    /// Numbers the pending sessions' users, then adds them to their buckets' sets: two loops whose
    /// iterations are independent, so the CPU overlaps their cache misses.
    private mutating func countPendingUsers() {
        guard !pendingUsers.isEmpty else { return }
        pendingNumbers.removeAll(keepingCapacity: true)
        for user in pendingUsers { pendingNumbers.append(users.number(user)) }
        for (position, number) in zip(pendingBuckets, pendingNumbers) { buckets[position].userNumbers.insert(number) }
        pendingUsers.removeAll(keepingCapacity: true)
        pendingBuckets.removeAll(keepingCapacity: true)
    }

    private enum DayResult {
        case day(Int)
        case missing
        case invalid
    }

    private mutating func utcDay(_ attribute: ScannedAttribute) -> DayResult {
        let day: Int?
        switch attribute.type {
        case .string: day = UTCDay.ofISO8601(scanner.bytes(attribute.text), memo: &dateMemo)
        case .number: day = UTCDay.ofEpochMilliseconds(scanner.bytes(attribute.text))
        default: return .missing
        }
        return day.map(DayResult.day) ?? .invalid
    }

    private mutating func malformed(_ reason: MalformedReason, _ line: UnsafeRawBufferPointer, countsItem: Bool = true)
    {
        let file = file
        let number = lineNumber
        base.countMalformed(
            reason, countsItem: countsItem,
            sample: MalformedSample(
                reason: reason, line: number, file: file,
                excerpt: String(decoding: line.prefix(160), as: UTF8.self)))
    }
}
