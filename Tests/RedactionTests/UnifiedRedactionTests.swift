import Redaction
import Testing

/// One redactor for logs, stored errors and results: the same secret words everywhere.
@Suite("One redactor: the same secret words in logs and in errors")
struct UnifiedRedactionTests {
    @Test(
        "cookies, credentials, access keys and passphrases are masked by both presets",
        arguments: [
            "Cookie: session=abc123def", "credential=AKIDEXAMPLE/2025/x", "accessKey=abcdef123456",
            #"{"passphrase":"correct horse"}"#, "Set-Cookie: id=zzz999",
        ])
    func words(text: String) {
        for redactor in [SecretRedactor(), SecretRedactor.errors] {
            let masked = redactor.redact(text)
            #expect(masked.contains(SecretRedactor.mask), "\(masked)")
        }
    }

    @Test("the error preset also masks account ids, access key ids and long opaque tokens; logs keep ids")
    func errorPreset() {
        let text = "arn:aws:iam::123456789012:role/x key AKIAIOSFODNN7EXAMPLE tok 0123456789abcdef0123456789abcdef"
        let masked = SecretRedactor.errors.redact(text)
        #expect(!masked.contains("123456789012") && !masked.contains("AKIAIOSFODNN7EXAMPLE"))
        #expect(!masked.contains("0123456789abcdef0123456789abcdef"))
        #expect(SecretRedactor().redact("epoch 1763712000000 stays") == "epoch 1763712000000 stays")
    }

    @Test("stored text is cut on a character boundary with an ellipsis")
    func truncation() {
        let cut = SecretRedactor.errors.redact(String(repeating: "é", count: 100), limit: 21)
        #expect(cut.utf8.count <= 21 && cut.hasSuffix("…"))
    }
}
