import Synchronization

/// Removes secrets from text before it reaches a log line, an error message or a result: values registered as
/// secret (API keys, AWS secrets, tokens read from configuration), values of fields whose name says they are
/// secret (`password`, `token`, `api_key`, `secret`, `authorization`, …) in JSON, query-string and header form,
/// AWS signatures, and optionally 12-digit AWS account ids.
public struct SecretRedactor: Sendable {
    /// What replaces a secret.
    public static let mask = "[REDACTED]"

    private static let registry = Mutex<[String]>([])

    /// Registers a value that must never appear in output (e.g. an API key read from configuration).
    /// Values shorter than 6 characters are ignored: masking them would mangle ordinary text.
    public static func register(secret: String) {
        guard secret.count >= 6 else { return }
        registry.withLock { secrets in
            if !secrets.contains(secret) {
                secrets.append(secret)
                secrets.sort { $0.count > $1.count }
            }
        }
    }

    /// Forgets registered secrets (tests).
    public static func resetRegisteredSecrets() {
        registry.withLock { $0.removeAll() }
    }

    /// Whether 12-digit account ids are masked too.
    public var redactAccountIDs: Bool

    public init(redactAccountIDs: Bool = false) {
        self.redactAccountIDs = redactAccountIDs
    }

    /// Field names whose values are secret, compared case-insensitively with `-` and `_` removed.
    static let secretFieldNames: Set<String> = [
        "password", "passwd", "pwd", "secret", "token", "apikey", "accesstoken", "refreshtoken", "authorization",
        "clientsecret", "secretaccesskey", "awssecretaccesskey", "sessiontoken", "awssessiontoken",
        "xamzsecuritytoken", "securitytoken", "privatekey", "xapikey", "signature", "xamzsignature", "cookie",
        "credentials", "bearer", "auth",
    ]

    /// Whether a field called `name` holds a secret.
    public static func isSecretField(_ name: String) -> Bool {
        let normalized = String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
        return secretFieldNames.contains(normalized) || normalized.hasSuffix("apikey")
            || normalized.hasSuffix("password") || normalized.hasSuffix("secret") || normalized.hasSuffix("token")
    }

    /// The text with every secret replaced by `mask`.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in Self.registry.withLock({ $0 }) where result.contains(secret) {
            result = result.replacing(secret, with: Self.mask)
        }
        if result.contains(where: { $0 == "=" || $0 == ":" }) {
            result = Self.redactFields(in: result)
        }
        if redactAccountIDs { result = Self.redactAccountIDs(in: result) }
        return result
    }

    /// Masks values that follow a secret field name: `"password":"x"`, `password=x`, `Authorization: x`.
    static func redactFields(in text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        var characters = Array(text)
        var index = 0
        var lastCopied = 0
        while index < characters.count {
            guard characters[index] == ":" || characters[index] == "=" else {
                index += 1
                continue
            }
            // The name before the separator (optionally quoted).
            var nameEnd = index
            if nameEnd > 0 && characters[nameEnd - 1] == "\"" { nameEnd -= 1 }
            var nameStart = nameEnd
            while nameStart > 0,
                characters[nameStart - 1].isLetter || characters[nameStart - 1].isNumber
                    || characters[nameStart - 1] == "_" || characters[nameStart - 1] == "-"
            {
                nameStart -= 1
            }
            let name = String(characters[nameStart..<nameEnd])
            guard !name.isEmpty, isSecretField(name) else {
                index += 1
                continue
            }
            // The value after the separator: a quoted string, or a run up to a delimiter.
            var valueStart = index + 1
            while valueStart < characters.count && characters[valueStart] == " " { valueStart += 1 }
            var valueEnd = valueStart
            if valueStart < characters.count && characters[valueStart] == "\"" {
                valueStart += 1
                valueEnd = valueStart
                while valueEnd < characters.count && characters[valueEnd] != "\"" {
                    valueEnd += characters[valueEnd] == "\\" ? 2 : 1
                }
                valueEnd = min(valueEnd, characters.count)
            } else {
                let isHeader = characters[index] == ":"
                while valueEnd < characters.count, !",;&\n\r}\"'".contains(characters[valueEnd]),
                    isHeader || characters[valueEnd] != " "
                {
                    valueEnd += 1
                }
            }
            if valueEnd > valueStart {
                output += String(characters[lastCopied..<valueStart])
                output += mask
                lastCopied = valueEnd
            }
            index = max(valueEnd, index + 1)
        }
        if lastCopied == 0 { return text }
        output += String(characters[lastCopied...])
        characters.removeAll()
        return output
    }

    /// Masks runs of exactly 12 digits (AWS account ids), keeping longer numbers such as epoch milliseconds.
    static func redactAccountIDs(in text: String) -> String {
        var output = ""
        var run = ""
        func flush() {
            output += run.count == 12 ? "************" : run
            run = ""
        }
        for character in text {
            if character.isASCII && character.isNumber {
                run.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }
}
