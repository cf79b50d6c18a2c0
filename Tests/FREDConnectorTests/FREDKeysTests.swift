import FREDConnector
import Testing

@Suite("FRED key lists")
struct FREDKeysTests {
    static let first = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"
    static let second = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2"

    @Test("a JSON array and a keys object give the same named keys")
    func secretForms() throws {
        let array = try FREDKeys.parse(secretString: "[\"\(Self.first)\", \"\(Self.second)\"]")
        let object = try FREDKeys.parse(secretString: "{\"keys\": [\"\(Self.first)\", \"\(Self.second)\"]}")
        #expect(array == object)
        #expect(array.names == ["key-1", "key-2"])
        #expect(array.value(named: "key-2") == Self.second)
        #expect(array.name(of: Self.first) == "key-1")
    }

    @Test("a comma-separated list is trimmed and deduplicated")
    func commaSeparated() throws {
        let keys = try FREDKeys.parse(commaSeparated: " \(Self.first), \(Self.second) ,\(Self.first)")
        #expect(keys.keys.map(\.value) == [Self.first, Self.second])
        #expect(keys.names == ["key-1", "key-2"])
    }

    @Test("the description names keys without showing them")
    func description() throws {
        let keys = try FREDKeys.parse(commaSeparated: "\(Self.first),\(Self.second)")
        #expect(keys.description == "FREDKeys(key-1, key-2)")
    }

    @Test(
        "empty or malformed lists are rejected without echoing a key",
        arguments: [
            "", "[]", "{\"keys\":[]}", "{\"other\":[\"\(first)\"]}", "[\"\(first)\", 7]", "not json \(first)",
            "[\"\(first)\", \"\"]", "[\"\(first) \(second)\"]",
        ])
    func rejectedSecrets(secret: String) {
        let error = #expect(throws: FREDError.self) { try FREDKeys.parse(secretString: secret) }
        #expect(error?.code == .invalidKeys)
        #expect(error?.description.contains(Self.first) == false)
        #expect(error?.description.contains(Self.second) == false)
    }

    @Test("empty comma-separated lists and empty entries are rejected", arguments: ["", " , ", "\(first),,\(second)"])
    func rejectedLists(text: String) {
        let error = #expect(throws: FREDError.self) { try FREDKeys.parse(commaSeparated: text) }
        #expect(error?.code == .invalidKeys)
        #expect(error?.description.contains(Self.first) == false)
    }
}
