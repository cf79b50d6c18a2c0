import Redaction
import Testing

@Suite("Secret redaction", .serialized)
struct SecretRedactorTests {
    @Test(
        "masks values of secret fields in JSON, query and header form",
        arguments: [
            (#"{"api_key":"abc123xyz","n":1}"#, #"{"api_key":"[REDACTED]","n":1}"#),
            (
                "GET /fred?series_id=X&api_key=abcdef0123&file_type=json",
                "GET /fred?series_id=X&api_key=[REDACTED]&file_type=json"
            ),
            ("Authorization: Bearer eyJhbGciOi.x.y", "Authorization: [REDACTED]"),
            (#"{"password": "hunter22"}"#, #"{"password": "[REDACTED]"}"#),
            ("clientSecret=s3cr3t; other=ok", "clientSecret=[REDACTED]; other=ok"),
            ("period=2025-11 status=ok", "period=2025-11 status=ok"),
        ])
    func fields(input: String, expected: String) {
        #expect(SecretRedactor().redact(input) == expected)
    }

    @Test("masks registered secret values wherever they appear")
    func registered() {
        SecretRedactor.register(secret: "wJalrXUtnFEMI/K7MDENG")
        defer { SecretRedactor.resetRegisteredSecrets() }
        #expect(SecretRedactor().redact("failed with key wJalrXUtnFEMI/K7MDENG!") == "failed with key [REDACTED]!")
    }

    @Test("masks 12-digit account ids only when asked, and only exactly 12 digits")
    func accountIDs() {
        let text = "arn:aws:iam::123456789012:role/x at 1763712000000"
        #expect(SecretRedactor().redact(text) == text)
        #expect(
            SecretRedactor(redactAccountIDs: true).redact(text) == "arn:aws:iam::************:role/x at 1763712000000")
    }
}
