import AWSSigV4
import Testing

/// The 38 cases of the official SigV4 test suite (aws-c-auth's copy), signed both ways.
@Suite("SigV4 test suite")
struct SigV4SuiteTests {
    static let cases: [SuiteCase] = (try? SuiteCase.all()) ?? []

    @Test("the suite is all there")
    func suiteIsComplete() throws {
        let cases = try SuiteCase.all()
        #expect(cases.count == 38)
    }

    @Test(
        "header signing matches the canonical request, string to sign, signature and signed request", arguments: cases)
    func headerSigning(_ suiteCase: SuiteCase) throws {
        let (signer, credentials, date, request, _) = try suiteCase.inputs()
        let signature = signer.sign(request, credentials: credentials, date: date)
        #expect(signature.canonicalRequest == (try suiteCase.file("header-canonical-request.txt")))
        #expect(signature.stringToSign == (try suiteCase.file("header-string-to-sign.txt")))
        #expect(signature.signature == (try suiteCase.file("header-signature.txt")))
        let expected = try SentRequest(suiteText: suiteCase.file("header-signed-request.txt"))
        #expect(SentRequest(method: request.method, signature: signature) == expected)
    }

    @Test("query signing matches the canonical request, string to sign, signature and presigned URL", arguments: cases)
    func querySigning(_ suiteCase: SuiteCase) throws {
        let (signer, credentials, date, request, expires) = try suiteCase.inputs()
        let signature = signer.presign(request, credentials: credentials, date: date, expiresIn: expires)
        #expect(signature.canonicalRequest == (try suiteCase.file("query-canonical-request.txt")))
        #expect(signature.stringToSign == (try suiteCase.file("query-string-to-sign.txt")))
        #expect(signature.signature == (try suiteCase.file("query-signature.txt")))
        let expected = try SentRequest(suiteText: suiteCase.file("query-signed-request.txt"))
        #expect(SentRequest(method: request.method, signature: signature) == expected)
    }
}
