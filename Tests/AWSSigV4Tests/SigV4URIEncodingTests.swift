import AWSSigV4
import Testing

@Suite("SigV4 URI encoding")
struct SigV4URIEncodingTests {
    @Test("keeps exactly the RFC 3986 unreserved characters")
    func unreservedSet() {
        for value in 0..<128 {
            let character = String(UnicodeScalar(UInt8(value)))
            let isUnreserved =
                character.first!.isASCII
                && (character.first!.isLetter || character.first!.isNumber || "-._~".contains(character))
            let encoded = SigV4URIEncoding.encode(character)
            #expect(isUnreserved ? encoded == character : encoded == "%" + hex(UInt8(value)), "byte \(value)")
        }
    }

    @Test("encodes UTF-8 bytes with upper-case hex, space as %20 and slash only when asked")
    func examples() {
        #expect(SigV4URIEncoding.encode("a b+c") == "a%20b%2Bc")
        #expect(SigV4URIEncoding.encode("ሴ") == "%E1%88%B4")
        #expect(SigV4URIEncoding.encode("photos/2025 11/a.jpg") == "photos%2F2025%2011%2Fa.jpg")
        #expect(SigV4URIEncoding.encode("photos/2025 11/a.jpg", encodeSlash: false) == "photos/2025%2011/a.jpg")
        #expect(SigV4URIEncoding.encode("100%") == "100%25")
    }

    @Test("decodes valid escapes and leaves invalid ones and plus signs alone")
    func decoding() {
        #expect(SigV4URIEncoding.decode("a%20b%2Bc+d") == "a b+c+d")
        #expect(SigV4URIEncoding.decode("%E1%88%b4") == "ሴ")
        #expect(SigV4URIEncoding.decode("100%zz%4") == "100%zz%4")
        #expect(SigV4URIEncoding.decode(SigV4URIEncoding.encode("x/y z=é")) == "x/y z=é")
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
