import Analytics
import Testing

@Suite("Export line scanner")
struct ExportLineScannerTests {
    /// The scanned text of `attribute`, or nil when it has no `S`/`N` text.
    static func text(_ scanner: borrowing ExportLineScanner, _ attribute: ScannedAttribute) -> String? {
        guard attribute.type == .string || attribute.type == .number else { return nil }
        return String(decoding: scanner.bytes(attribute.text), as: UTF8.self)
    }

    @Test("a full-export line yields the item's attributes")
    func fullLine() {
        var scanner = ExportLineScanner()
        let line =
            #"{"Item":{"modelId":{"S":"session-bubbly-1"},"userId":{"S":"user-7"},"#
            + #""createdAt":{"S":"2025-03-01T10:00:00.000Z"},"gamesPlayed":{"N":"4"},"platform":{"S":"ios"}}}"#
        #expect(scanner.scan(Array(line.utf8)) == .item)
        #expect(Self.text(scanner, scanner.modelId) == "session-bubbly-1")
        #expect(Self.text(scanner, scanner.userId) == "user-7")
        #expect(Self.text(scanner, scanner.createdAt) == "2025-03-01T10:00:00.000Z")
        #expect(scanner.gamesPlayed.type == .number)
        #expect(Self.text(scanner, scanner.gamesPlayed) == "4")
        #expect(scanner.hostId.type == .absent)
        #expect(scanner.membersType == .absent)
    }

    @Test("an incremental line reads NewImage, whatever the order of Metadata, Keys and OldImage")
    func incrementalLine() {
        var scanner = ExportLineScanner()
        let line =
            #"{"OldImage":{"modelId":{"S":"party-old-1"},"hostId":{"S":"old"}},"NewImage":{"hostId":{"S":"h"},"#
            + #""members":{"L":[{"M":{"joinedAt":{"S":"2025-03-02T00:00:00Z"},"userId":{"S":"u1"}}}]},"#
            + #""modelId":{"S":"party-zing-9"},"createdAt":{"N":"1740873600000"}},"Keys":{"modelId":{"S":"party-zing-9"}},"#
            + #""Metadata":{"WriteTimestampMicros":{"N":"1760000000000000"}}}"#
        #expect(scanner.scan(Array(line.utf8)) == .newImage)
        #expect(Self.text(scanner, scanner.modelId) == "party-zing-9")
        #expect(Self.text(scanner, scanner.hostId) == "h")
        #expect(scanner.createdAt.type == .number)
        #expect(Self.text(scanner, scanner.createdAt) == "1740873600000")
        #expect(scanner.membersType == .list)
        #expect(scanner.members.count == 1)
        #expect(Self.text(scanner, scanner.members[0].userId) == "u1")
        #expect(Self.text(scanner, scanner.members[0].joinedAt) == "2025-03-02T00:00:00Z")
    }

    @Test("an incremental line without NewImage is a delete")
    func deleteLine() {
        var scanner = ExportLineScanner()
        let line =
            #"{"Metadata":{"WriteTimestampMicros":{"N":"1"}},"Keys":{"modelId":{"S":"session-a-1"}},"#
            + #""OldImage":{"modelId":{"S":"session-a-1"},"userId":{"S":"u"}}}"#
        #expect(scanner.scan(Array(line.utf8)) == .delete)
        #expect(scanner.modelId.type == .absent)
        #expect(scanner.scan(Array(#"{"Keys":{"modelId":{"S":"x"}}}"#.utf8)) == .delete)
        #expect(scanner.scan(Array(#"{"Metadata":{}}"#.utf8)) == .noImage)
    }

    @Test("unknown values are skipped structurally, and names inside them are not mistaken for attributes")
    func nestedDecoys() {
        var scanner = ExportLineScanner()
        let line =
            #"{"Item":{"profile":{"M":{"userId":{"S":"decoy"},"tags":{"L":[{"N":"1"},{"BOOL":true},"#
            + #"{"NULL":true},{"SS":["a","}]\""]}]}}},"userId":{"S":"real"},"createdAt":{"L":[]},"#
            + #""x":[1,-2.5e3,0.0,true,false,null,{},[]],"modelId":{"S":"session-a-b-c"}}}"#
        #expect(scanner.scan(Array(line.utf8)) == .item)
        #expect(Self.text(scanner, scanner.userId) == "real")
        #expect(scanner.createdAt.type == .other)
        #expect(Self.text(scanner, scanner.modelId) == "session-a-b-c")
    }

    @Test("escapes are decoded, in values and in attribute names")
    func escapes() {
        var scanner = ExportLineScanner()
        let line = #"{"Item":{"\u0075serId":{"S":"a\"b\\c\/d\u00e9\ud83d\ude00\n"},"modelId":{"S":"session-x-1"}}}"#
        #expect(scanner.scan(Array(line.utf8)) == .item)
        #expect(Self.text(scanner, scanner.userId) == "a\"b\\c/dé😀\n")
        #expect(Array(scanner.bytes(scanner.userId.text)) == Array("a\"b\\c/dé😀\n".utf8))
    }

    @Test("raw UTF-8 bytes pass through unchanged: NFC and NFD stay different")
    func rawBytesKept() {
        var scanner = ExportLineScanner()
        let nfc: [UInt8] = [0x4A, 0x6F, 0x73, 0xC3, 0xA9]  // "José" precomposed
        let nfd: [UInt8] = [0x4A, 0x6F, 0x73, 0x65, 0xCC, 0x81]  // "Jose" + combining acute
        for bytes in [nfc, nfd] {
            let line = Array(#"{"Item":{"userId":{"S":""#.utf8) + bytes + Array(#""}}}"#.utf8)
            #expect(scanner.scan(line) == .item)
            #expect(Array(scanner.bytes(scanner.userId.text)) == bytes)
        }
    }

    @Test(
        "malformed lines are invalid with a reason, never a crash",
        arguments: [
            #"{"Item":{"userId":{"S":"u"}}"#,
            #"{"Item":{"userId":{"S":"u"}}} x"#,
            #"{"Item":{"userId":{"S":"bad \q escape"}}}"#,
            #"{"Item":{"userId":{"S":"\ud800"}}}"#,
            #"{"Item":{"userId":{"S":"u"},}}"#,
            #"{"Item":{"x":tru}}"#,
            #"{"Item":{"x":01}}"#,
            #"{"Item":{"x":[1 2]}}"#,
            #"{"Item":"#,
            #"["Item"]"#,
            String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
        ])
    func malformed(line: String) {
        var scanner = ExportLineScanner()
        #expect(scanner.scan(Array(line.utf8)) == .invalid)
        #expect(scanner.failure != nil)
        #expect(scanner.userId.type == .absent)
    }

    @Test("blank lines are blank, and white space around tokens is allowed")
    func whiteSpace() {
        var scanner = ExportLineScanner()
        #expect(scanner.scan([]) == .blank)
        #expect(scanner.scan(Array(" \r".utf8)) == .blank)
        let line = " { \"Item\" : { \"userId\" : { \"S\" : \"u\" } , \"modelId\" :{\"S\":\"m\"} } }\r"
        #expect(scanner.scan(Array(line.utf8)) == .item)
        #expect(Self.text(scanner, scanner.userId) == "u")
    }

    @Test("members: maps with and without joinedAt, and elements that are not maps")
    func members() {
        var scanner = ExportLineScanner()
        let line = #"{"Item":{"members":{"L":[{"M":{"userId":{"S":"a"}}},{"S":"odd"},{"M":{"joinedAt":{"N":"5"}}}]}}}"#
        #expect(scanner.scan(Array(line.utf8)) == .item)
        #expect(scanner.members.count == 3)
        #expect(scanner.members[0].isMap && scanner.members[0].joinedAt.type == .absent)
        #expect(!scanner.members[1].isMap)
        #expect(scanner.members[2].joinedAt.type == .number)
        #expect(scanner.scan(Array(#"{"Item":{"members":{"NULL":true}}}"#.utf8)) == .item)
        #expect(scanner.membersType == .other)
        #expect(scanner.members.isEmpty)
    }

    @Test("a quote or backslash at any offset of a long value ends or escapes it (the 8-byte string scan)")
    func quotesAtEveryOffset() {
        var scanner = ExportLineScanner()
        for offset in 0..<24 {
            let prefix = String(repeating: "p", count: offset)
            let escaped = #"{"Item":{"userId":{"S":""# + prefix + #"\"x\\yz0123456789"},"hostId":{"S":"h"}}}"#
            #expect(scanner.scan(Array(escaped.utf8)) == .item)
            #expect(Self.text(scanner, scanner.userId) == prefix + "\"x\\yz0123456789")
            #expect(Self.text(scanner, scanner.hostId) == "h")
            let plain = #"{"Item":{"userId":{"S":""# + prefix + #""},"createdAt":{"S":"2025-03-01T10:00:00.000Z"}}}"#
            #expect(scanner.scan(Array(plain.utf8)) == .item)
            #expect(Self.text(scanner, scanner.userId) == prefix)
            #expect(Self.text(scanner, scanner.createdAt) == "2025-03-01T10:00:00.000Z")
            let cut = #"{"Item":{"userId":{"S":""# + prefix
            #expect(scanner.scan(Array(cut.utf8)) == .invalid)
        }
    }
}
