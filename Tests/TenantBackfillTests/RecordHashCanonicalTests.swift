import JSON
import TenantBackfill
import Testing

@Suite("record hash: the canonical bytes are the JSON module's sorted serialization")
struct RecordHashCanonicalTests {
    @Test(
        "escapes, Unicode, numbers, nesting and member order",
        arguments: [
            #"{"b":1,"a":[true,false,null,-7,12345678901,2.5,3.0,1e300,-0.1],"c":{"z":"x\"y\\z","y":"tab\tnl\ncr\r"}}"#,
            #"{"id":42,"summary":"Résolu ✓ \u0001\u001f","_info":{"lastUpdated":"2024-01-01T00:00:00Z"},"e":{},"f":[]}"#,
            #"[1,"two",{"b":{"d":1,"c":2},"a":0}]"#, #""plain""#, "17", "null",
        ])
    func canonical(text: String) throws {
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(RecordHash.canonicalBytes(value) == value.serializedBytes(sortedKeys: true))
    }
}
