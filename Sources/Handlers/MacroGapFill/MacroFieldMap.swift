public import JSON

/// How often a FRED series is observed, which decides how a date finds its value.
public enum SeriesFrequency: String, Sendable, Hashable, CaseIterable {
    /// Daily or business-daily: a date takes the observation of that exact date.
    case daily
    /// First of each month: a date takes the latest observation on or before it.
    case monthly
    /// First of each quarter: a date takes the latest observation on or before it.
    case quarterly
}

/// Which macro-table field comes from which FRED series, and which fields a complete item must hold.
///
/// Defaults: the seven required daily fields (`interest_rate` … `ice_bofa_bbb`) and the optional `cpi`,
/// `cpi_yoy` (computed from `cpi`'s series) and `gdp_growth`. Series ids can be overridden from a JSON object.
public struct MacroFieldMap: Sendable, Hashable {
    /// Where a field's value comes from.
    public enum Source: Sendable, Hashable {
        /// A FRED series.
        case series(id: String, frequency: SeriesFrequency)
        /// The percentage change of another field's series against 12 months earlier.
        case yearOverYear(of: String)
    }

    /// One field of the macro table.
    public struct Field: Sendable, Hashable {
        /// The attribute name in the table.
        public var name: String
        /// Where its value comes from.
        public var source: Source
        /// Whether an item lacking it is incomplete.
        public var isRequired: Bool

        /// Creates a field.
        public init(name: String, source: Source, isRequired: Bool) {
            self.name = name
            self.source = source
            self.isRequired = isRequired
        }
    }

    /// The fields in table order: required first, then optional.
    public private(set) var fields: [Field]

    /// A map of `fields`.
    public init(fields: [Field]) {
        self.fields = fields
    }

    /// The defaults.
    public static let defaults = MacroFieldMap(fields: [
        Field(name: "interest_rate", source: .series(id: "DFF", frequency: .daily), isRequired: true),
        Field(name: "vix", source: .series(id: "VIXCLS", frequency: .daily), isRequired: true),
        Field(name: "dxy", source: .series(id: "DTWEXBGS", frequency: .daily), isRequired: true),
        Field(name: "treasury_2y", source: .series(id: "DGS2", frequency: .daily), isRequired: true),
        Field(name: "treasury_10y", source: .series(id: "DGS10", frequency: .daily), isRequired: true),
        Field(name: "yield_curve_spread", source: .series(id: "T10Y2Y", frequency: .daily), isRequired: true),
        Field(name: "ice_bofa_bbb", source: .series(id: "BAMLC0A4CBBBEY", frequency: .daily), isRequired: true),
        Field(name: "cpi", source: .series(id: "CPIAUCSL", frequency: .monthly), isRequired: false),
        Field(name: "cpi_yoy", source: .yearOverYear(of: "cpi"), isRequired: false),
        Field(name: "gdp_growth", source: .series(id: "A191RL1Q225SBEA", frequency: .quarterly), isRequired: false),
    ])

    /// The names of the required fields, in order.
    public var requiredFields: [String] { fields.filter(\.isRequired).map(\.name) }

    /// The names of the optional fields, in order.
    public var optionalFields: [String] { fields.filter { !$0.isRequired }.map(\.name) }

    /// The field named `name`.
    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// The series a field is read from: its own, or for a computed field the series of the field it is computed
    /// from.
    public func series(of name: String) -> (id: String, frequency: SeriesFrequency)? {
        switch field(name)?.source {
        case .series(let id, let frequency): (id, frequency)
        case .yearOverYear(let base): series(of: base)
        case nil: nil
        }
    }

    /// The distinct series to fetch, in field order, with their frequency.
    public var seriesToFetch: [(id: String, frequency: SeriesFrequency)] {
        var seen = Set<String>()
        var result: [(id: String, frequency: SeriesFrequency)] = []
        for field in fields {
            if case .series(let id, let frequency) = field.source, seen.insert(id).inserted {
                result.append((id, frequency))
            }
        }
        return result
    }

    /// The series ids whose data feeds a year-over-year field (they need 12 more months of history).
    public var yearOverYearSeries: Set<String> {
        Set(
            fields.compactMap { field in
                if case .yearOverYear(let base) = field.source { return series(of: base)?.id }
                return nil
            })
    }

    /// This map with series ids replaced from a JSON object: `{"vix": "VIXCLS", "cpi": {"series": "CPILFESL",
    /// "frequency": "monthly"}}`. Fields not named keep their series; a computed field cannot be overridden.
    public func overriding(with json: JSONValue) throws(MacroGapFillError) -> MacroFieldMap {
        guard let object = json.objectValue else {
            throw MacroGapFillError(
                .invalidFieldMap, "the field map must be a JSON object, not \(json.typeDescription)")
        }
        var result = self
        for (name, value) in object {
            guard let index = result.fields.firstIndex(where: { $0.name == name }) else {
                throw MacroGapFillError(
                    .invalidFieldMap, "unknown field \"\(name)\"",
                    context: ["known": fields.map(\.name).joined(separator: ",")])
            }
            guard case .series(_, let frequency) = result.fields[index].source else {
                throw MacroGapFillError(.invalidFieldMap, "field \"\(name)\" is computed and has no series of its own")
            }
            result.fields[index].source = try Self.source(value, field: name, defaultFrequency: frequency)
        }
        return result
    }

    private static func source(
        _ value: JSONValue, field: String, defaultFrequency: SeriesFrequency
    ) throws(MacroGapFillError) -> Source {
        if let id = value.stringValue, Self.isSeriesID(id) {
            return .series(id: id, frequency: defaultFrequency)
        }
        if let id = value["series"]?.stringValue, Self.isSeriesID(id) {
            guard let text = value["frequency"]?.stringValue else {
                return .series(id: id, frequency: defaultFrequency)
            }
            guard let frequency = SeriesFrequency(rawValue: text) else {
                throw MacroGapFillError(
                    .invalidFieldMap, "field \"\(field)\": frequency must be daily, monthly or quarterly")
            }
            return .series(id: id, frequency: frequency)
        }
        throw MacroGapFillError(
            .invalidFieldMap,
            "field \"\(field)\": expected a series id (letters, digits, _) or {\"series\":…,\"frequency\":…}")
    }

    /// FRED series ids: up to 30 upper-case letters, digits and underscores.
    static func isSeriesID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 30
            && text.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) || $0 == 95 }
    }
}
