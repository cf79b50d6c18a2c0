public import Timekeeping

/// The exact aggregate of some export lines (one data file, a group of files, or a whole export): per UTC
/// day and app the distinct session user ids, the games, parties and joins, plus the apps seen and the line
/// counts. Partials merge exactly (`merge(_:)`), so aggregating files separately and merging equals
/// aggregating them at once; they encode compactly (`encoded()`) for saving between Lambda invocations.
/// User ids are stored once per aggregate and referred to by number in each (day, app), so memory grows by
/// a few bytes per distinct (day, app, user).
public struct PartialAggregate: Sendable, Equatable {
    /// The running totals of one (day, app).
    public struct Totals: Sendable {
        /// Distinct session users, as numbers in the aggregate's user table (see `users(for:)`).
        var userNumbers = NumberSet()
        /// Distinct session users (the ActiveUsers metric).
        public var activeUsers: Int { userNumbers.count }
        /// Sum of the sessions' `gamesPlayed`.
        public var gamesPlayed: Int64 = 0
        /// Parties created that day.
        public var partiesCreated: Int64 = 0
        /// Member joins whose `joinedAt` falls on that day.
        public var partiesJoined: Int64 = 0

        /// Empty totals.
        public init() {}
    }

    /// A (UTC day, app) key: the day as days since 1970-01-01.
    public struct Key: Hashable, Sendable, Comparable {
        /// Days since 1970-01-01 of the UTC day.
        public var day: Int
        /// The app, the second dash-separated field of `modelId`.
        public var app: ExactBytes

        /// A key.
        public init(day: Int, app: ExactBytes) {
            self.day = day
            self.app = app
        }

        /// The UTC day as a date.
        public var date: CivilDate { CivilDate(daysSince1970: day) }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            lhs.day != rhs.day ? lhs.day < rhs.day : lhs.app < rhs.app
        }
    }

    /// Totals per (day, app) that had at least one session, party or join.
    public internal(set) var totals: [Key: Totals] = [:]
    /// The user ids the totals' numbers stand for.
    var userTable = ByteStringNumbers()
    /// Every app of a session or party item seen, including apps whose items were malformed.
    public internal(set) var apps: Set<ExactBytes> = []
    /// Line and item counts.
    public internal(set) var counts = ExportLineCounts()
    /// Malformed items and lines per reason (`MalformedReason`'s raw values).
    public internal(set) var malformed: [String: Int] = [:]
    /// Up to `maximumSamples` malformed examples, the first ones seen.
    public internal(set) var samples: [MalformedSample] = []

    /// How many malformed examples a partial keeps.
    public static let maximumSamples = 5

    /// An empty aggregate.
    public init() {}

    /// The distinct session user ids of one (day, app).
    public func users(for key: Key) -> Set<ExactBytes> {
        guard let value = totals[key] else { return [] }
        return Set(value.userNumbers.members.map { userTable.names[Int($0)] })
    }

    /// The distinct user ids of every (day, app): for tests and inspection (it copies every id).
    public var userSets: [Key: Set<ExactBytes>] {
        Dictionary(uniqueKeysWithValues: totals.keys.map { ($0, users(for: $0)) })
    }

    /// Adds `other` to this aggregate: user sets are united, counts added, samples kept up to the limit.
    public mutating func merge(_ other: PartialAggregate) {
        let numbers = other.userTable.names.map { userTable.number($0) }
        for (key, theirs) in other.totals {
            totals[key, default: Totals()].add(theirs, renumbering: numbers)
        }
        apps.formUnion(other.apps)
        counts.add(other.counts)
        malformed.merge(other.malformed, uniquingKeysWith: +)
        samples.append(contentsOf: other.samples.prefix(Self.maximumSamples - samples.count))
    }

    /// The merge of `partials` in order.
    public static func merged(_ partials: some Sequence<PartialAggregate>) -> PartialAggregate {
        var result = PartialAggregate()
        for partial in partials { result.merge(partial) }
        return result
    }

    /// The four metrics per (day, app), sorted by day then app. With `days`, only those days, and a zero row
    /// for every (day, app) with nothing where the app was seen in the export (backfill mode).
    public func dailyMetrics(days: ClosedRange<CivilDate>? = nil) -> [DailyMetrics] {
        var keys: [Key]
        if let days {
            let range = days.lowerBound.daysSince1970...days.upperBound.daysSince1970
            keys = totals.keys.filter { range.contains($0.day) }
            let allApps = apps.union(totals.keys.map(\.app))
            for day in range {
                for app in allApps where totals[Key(day: day, app: app)] == nil {
                    keys.append(Key(day: day, app: app))
                }
            }
        } else {
            keys = Array(totals.keys)
        }
        return keys.sorted().map { key in
            let value = totals[key] ?? Totals()
            return DailyMetrics(
                date: key.date, app: key.app.text, activeUsers: value.activeUsers, gamesPlayed: value.gamesPlayed,
                partiesCreated: value.partiesCreated, partiesJoined: value.partiesJoined)
        }
    }

    /// Counts a malformed line or item (`countsItem`), or a malformed part of an item that still counts.
    mutating func countMalformed(
        _ reason: MalformedReason, countsItem: Bool = true, sample: @autoclosure () -> MalformedSample
    ) {
        if countsItem { counts.malformed += 1 }
        malformed[reason.rawValue, default: 0] += 1
        if samples.count < Self.maximumSamples { samples.append(sample()) }
    }
}

extension PartialAggregate {
    /// Equal when they describe the same metrics, user ids, apps, counts and samples (user numbering may
    /// differ).
    public static func == (lhs: PartialAggregate, rhs: PartialAggregate) -> Bool {
        guard lhs.apps == rhs.apps, lhs.counts == rhs.counts, lhs.malformed == rhs.malformed,
            lhs.samples == rhs.samples, lhs.dailyMetrics() == rhs.dailyMetrics()
        else { return false }
        return lhs.userSets == rhs.userSets
    }
}

extension PartialAggregate.Totals {
    /// Adds `other`, whose user numbers map to this table's through `numbers`.
    mutating func add(_ other: PartialAggregate.Totals, renumbering numbers: [UInt32]) {
        for member in other.userNumbers.members { userNumbers.insert(numbers[Int(member)]) }
        gamesPlayed += other.gamesPlayed
        partiesCreated += other.partiesCreated
        partiesJoined += other.partiesJoined
    }
}

/// The four metrics of one (day, app): what the table row and the CloudWatch datums carry.
public struct DailyMetrics: Sendable, Equatable {
    /// The UTC day.
    public var date: CivilDate
    /// The app (the `App` dimension).
    public var app: String
    /// Distinct session users.
    public var activeUsers: Int
    /// Sum of the sessions' `gamesPlayed`.
    public var gamesPlayed: Int64
    /// Parties created.
    public var partiesCreated: Int64
    /// Member joins dated that day.
    public var partiesJoined: Int64

    /// A row of metrics.
    public init(
        date: CivilDate, app: String, activeUsers: Int, gamesPlayed: Int64, partiesCreated: Int64,
        partiesJoined: Int64
    ) {
        self.date = date
        self.app = app
        self.activeUsers = activeUsers
        self.gamesPlayed = gamesPlayed
        self.partiesCreated = partiesCreated
        self.partiesJoined = partiesJoined
    }
}
