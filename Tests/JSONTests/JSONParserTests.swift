import JSON
import Testing

@Suite("JSON parsing and serialization")
struct JSONParserTests {
    @Test("parses every kind of value and keeps key order")
    func parsesValues() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":[true,false,null],"m":-2.5e3,"s":"h\u00e9\n\ud83d\ude00"}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m", "s"])
        #expect(value["z"] == .int(1))
        #expect(value["a"] == [true, false, nil])
        #expect(value["m"] == .double(-2500))
        #expect(value["s"]?.stringValue == "hé\n😀")
    }

    @Test("round-trips through serialization")
    func roundTrip() throws {
        let text = #"{"b":"quote\" slash\\ tab\t","n":[1,2.5,-0.125,1e+300],"o":{},"e":[]}"#
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(value.serialized()) == value)
        #expect(try JSONParser.parse(value.serialized(pretty: true)) == value)
    }

    @Test(
        "rejects malformed documents with a position",
        arguments: ["", "{", "{\"a\" 1}", "[1,]", "01", "\"\\x\"", "nul", "{} {}", "\"\u{01}\"", "[\"\\ud800\"]"])
    func rejects(text: String) {
        #expect(throws: JSONError.self) { try JSONParser.parse(text) }
    }

    @Test("large integers stay exact; others become doubles")
    func numbers() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSONParser.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONParser.parse("1.0").intValue == 1)
    }

    @Test("sorted keys and non-finite numbers serialize deterministically")
    func serializationOptions() {
        let value: JSONValue = ["b": 1, "a": .double(.nan), "c": .double(3)]
        #expect(value.serialized(sortedKeys: true) == #"{"a":null,"b":1,"c":3.0}"#)
    }
}
