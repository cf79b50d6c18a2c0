import JSON

/// FRED API keys with stable names (`key-1`, `key-2`, …) that logs and reports use instead of the keys.
///
/// Read from a Secrets Manager secret string (a JSON array of keys, or `{"keys":[…]}`) or a comma-separated
/// list (`FRED_API_KEYS`, for local use). Errors say what is wrong with the list and never echo a key.
public struct FREDKeys: Sendable, Hashable, CustomStringConvertible {
    /// The keys with their names, in the order given; duplicates are dropped.
    public let keys: [(name: String, value: String)]

    /// Names the keys `key-1`, `key-2`, … in order, dropping duplicates; throws when none is left.
    public init(_ values: [String]) throws(FREDError) {
        var seen = Set<String>()
        let distinct = values.filter { seen.insert($0).inserted }
        guard !distinct.isEmpty else { throw FREDError(.invalidKeys, "the key list holds no key") }
        keys = distinct.enumerated().map { (name: "key-\($0.offset + 1)", value: $0.element) }
    }

    /// Keys from a secret string: a JSON array of strings, or an object with a `keys` array of strings.
    public static func parse(secretString: String) throws(FREDError) -> FREDKeys {
        guard let document = try? JSONParser.parse(secretString) else {
            throw FREDError(.invalidKeys, "the secret is not JSON (expected an array of keys or {\"keys\":[…]})")
        }
        let list: [JSONValue]
        if let array = document.arrayValue {
            list = array
        } else if let array = document["keys"]?.arrayValue {
            list = array
        } else {
            throw FREDError(
                .invalidKeys,
                "the secret is \(document.typeDescription) without a \"keys\" array (expected an array "
                    + "of keys or {\"keys\":[…]})")
        }
        var values: [String] = []
        for (index, element) in list.enumerated() {
            guard let text = element.stringValue else {
                throw FREDError(
                    .invalidKeys, "entry \(index + 1) of the key list is \(element.typeDescription), not a string")
            }
            try values.append(checked(text, position: index + 1))
        }
        return try FREDKeys(values)
    }

    /// Keys from a comma-separated list; spaces around keys are ignored, empty entries are an error.
    public static func parse(commaSeparated text: String) throws(FREDError) -> FREDKeys {
        guard !text.allSatisfy({ $0 == " " || $0 == "," || $0 == "\t" }) else {
            throw FREDError(.invalidKeys, "the comma-separated key list is empty")
        }
        var values: [String] = []
        for (index, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            try values.append(checked(String(part), position: index + 1))
        }
        return try FREDKeys(values)
    }

    /// The key list's names, for logs (never the keys).
    public var names: [String] { keys.map(\.name) }

    /// The value of the key named `name`.
    public func value(named name: String) -> String? { keys.first { $0.name == name }?.value }

    /// The name of `value` (for reporting which key FRED rejected without showing it).
    public func name(of value: String) -> String? { keys.first { $0.value == value }?.name }

    /// `FREDKeys(key-1, key-2)`: names only.
    public var description: String { "FREDKeys(\(names.joined(separator: ", ")))" }

    public static func == (lhs: FREDKeys, rhs: FREDKeys) -> Bool {
        lhs.keys.map(\.value) == rhs.keys.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        for key in keys { hasher.combine(key.value) }
    }

    /// A trimmed key, or an error naming its position (not its text) when it is empty or holds spaces.
    private static func checked(_ raw: String, position: Int) throws(FREDError) -> String {
        let key = String(raw.trimmingASCIISpaces)
        guard !key.isEmpty else { throw FREDError(.invalidKeys, "key \(position) of the list is empty") }
        guard key.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\"" }) else {
            throw FREDError(.invalidKeys, "key \(position) of the list holds spaces or non-ASCII characters")
        }
        return key
    }
}
