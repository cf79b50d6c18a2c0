import JSON
import Testing

/// The serializer against the one it replaced (`ReferenceJSONSerializer`), byte for byte, on generated values
/// (escapes, control characters, raw UTF-8, the 64-bit limits, whole and fractional doubles, -0.0, nesting).
@Suite("JSON serialization: differential")
struct JSONSerializationDifferentialTests {
    @Test("compact, sorted and pretty output match the reference", arguments: [7, 8] as [UInt64])
    func generated(seed: UInt64) {
        var generator = JSONDocumentGenerator(seed: seed)
        for round in 0..<300 {
            let value = generator.document().value
            let label = "seed \(seed) round \(round)"
            #expect(value.serializedBytes() == ReferenceJSONSerializer.bytes(value), "\(label)")
            #expect(
                value.serializedBytes(sortedKeys: true) == ReferenceJSONSerializer.bytes(value, sortedKeys: true),
                "\(label)")
            #expect(Array(value.serialized(pretty: true).utf8) == ReferenceJSONSerializer.bytes(value, pretty: true))
        }
    }

    @Test("numbers and control characters")
    func edges() {
        let value: JSONValue = [
            "min": .int(.min), "max": .int(.max), "zero": 0, "negativeZero": .double(-0.0), "whole": .double(-3),
            "big": .double(1e15), "bigger": .double(1e16), "tiny": .double(.leastNonzeroMagnitude),
            "nan": .double(.nan), "text": "\u{0}\u{1F}\"\\\n\r\t é😀",
        ]
        #expect(value.serializedBytes() == ReferenceJSONSerializer.bytes(value))
        #expect(
            value.serialized()
                == #"{"min":-9223372036854775808,"max":9223372036854775807,"zero":0,"negativeZero":0.0,"whole":-3.0,"#
                + #""big":1000000000000000.0,"bigger":1e+16,"tiny":5e-324,"nan":null,"text":"\u0000\u001f\"\\\n\r\t é😀"}"#
        )
    }
}
