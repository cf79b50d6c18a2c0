import JSON
import Testing

@Suite("Base64 (RFC 4648)")
struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test("encodes the RFC 4648 vectors", arguments: vectors)
    func encodes(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
    }

    @Test("decodes the RFC 4648 vectors", arguments: vectors)
    func decodes(plain: String, encoded: String) {
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("uses the whole standard alphabet, including + and /")
    func alphabet() {
        let bytes: [UInt8] = [0x00, 0x10, 0x83, 0x10, 0x51, 0x87, 0x20, 0x92, 0x8B, 0xFB, 0xEF, 0xFF]
        #expect(Base64.encode(bytes) == "ABCDEFGHIJKL++//")
        #expect(Base64.decode("ABCDEFGHIJKL++//") == bytes)
    }

    @Test("round-trips every byte value at every length up to 64")
    func roundTrip() {
        for length in 0...64 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + length) }
            let text = Base64.encode(bytes)
            #expect(text.utf8.count == (length + 2) / 3 * 4)
            #expect(Base64.decode(text) == bytes)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
    }

    @Test(
        "rejects text that is not canonical padded base64",
        arguments: [
            "Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Zm=v", "Zm9v\n", " Zm9v", "Zm9v YmFy", "Zm9-",
            "Zm9_", "Zh==", "Zm9=", "Zm8=\u{0}", "Zm9vé",
        ])
    func rejects(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
