import AWSSigV4
import SeededRandom
import Testing

@Suite("SigV4 crypto helpers")
struct SigV4CryptoTests {
    @Test("SHA-256 matches the FIPS 180-2 examples")
    func sha256() {
        #expect(SigV4Crypto.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SigV4Crypto.sha256Hex(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SigV4Crypto.sha256Hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SigV4Crypto.hex(SigV4Crypto.sha256(Array("abc".utf8))) == SigV4Crypto.sha256Hex(Array("abc".utf8)))
    }

    @Test("HMAC-SHA-256 matches RFC 4231 test cases 1, 2 and 6 (short, text and over-long keys)")
    func hmac() {
        let case1 = SigV4Crypto.hmacSHA256(key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8))
        #expect(SigV4Crypto.hex(case1) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let case2 = SigV4Crypto.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(SigV4Crypto.hex(case2) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let case6 = SigV4Crypto.hmacSHA256(
            key: [UInt8](repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        )
        #expect(SigV4Crypto.hex(case6) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test("the block-function SHA-256 and HMAC agree with OpenSSL's one-shot EVP ones on assorted lengths")
    func hmacAgreesWithEVP() {
        var random = SeededRandom(seed: 4231)
        for _ in 0..<200 {
            let key = (0..<Int.random(in: 0...150, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random)
            }
            let data = (0..<Int.random(in: 0...300, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            #expect(SigV4Crypto.hmacSHA256(key: key, data: data) == SigV4Crypto.hmacSHA256ViaEVP(key: key, data: data))
            #expect(SigV4Crypto.sha256(data) == SigV4Crypto.sha256ViaEVP(data))
        }
    }
}
