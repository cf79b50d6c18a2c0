import Synchronization

/// The one redactor of the engine: removes secrets from text before it reaches a log line, an error message, a
/// tracker item or a result. It masks values registered as secret (API keys, AWS secrets, tokens read from
/// configuration), values of fields whose name says they are secret (`password`, `token`, `api_key`, `cookie`,
/// `credential`, `authorization`, …) in JSON, query-string and header form, and optionally 12-digit AWS account
/// ids and opaque tokens (AWS access key ids, long mixed letter-digit runs). ``errors`` is the preset for error
/// text that is stored or returned.
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
    /// Whether AWS access key ids (`AKIA…`/`ASIA…`) and long opaque tokens (32+ letters and digits) are masked.
    public var redactOpaqueTokens: Bool

    /// A redactor for log lines (field values and registered secrets) unless told to mask more.
    public init(redactAccountIDs: Bool = false, redactOpaqueTokens: Bool = false) {
        self.redactAccountIDs = redactAccountIDs
        self.redactOpaqueTokens = redactOpaqueTokens
    }

    /// The preset for error text that is stored (tracker items) or returned (results): everything masked.
    public static let errors = SecretRedactor(redactAccountIDs: true, redactOpaqueTokens: true)

    /// The text redacted, then cut to at most `limit` UTF-8 bytes (ending with `…` when cut).
    public func redact(_ text: String, limit: Int) -> String {
        Self.truncate(redact(text), toUTF8Bytes: limit)
    }

    /// Cuts `text` to at most `limit` UTF-8 bytes on a character boundary, ending with `…` when cut.
    public static func truncate(_ text: String, toUTF8Bytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var used = 3  // the ellipsis
        for character in text {
            let size = character.utf8.count
            if used + size > limit { break }
            result.append(character)
            used += size
        }
        return result + "…"
    }

    /// Field names whose values are secret, compared case-insensitively with `-` and `_` removed.
    static let secretFieldNames: Set<String> = [
        "password", "passwd", "pwd", "secret", "token", "apikey", "accesstoken", "refreshtoken", "authorization",
        "clientsecret", "secretaccesskey", "awssecretaccesskey", "sessiontoken", "awssessiontoken",
        "xamzsecuritytoken", "securitytoken", "privatekey", "xapikey", "signature", "xamzsignature", "cookie",
        "setcookie", "credential", "credentials", "bearer", "auth", "accesskey", "passphrase",
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
        if redactAccountIDs || redactOpaqueTokens {
            result = Self.redactWords(in: result, accountIDs: redactAccountIDs, opaqueTokens: redactOpaqueTokens)
        }
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

    /// Masks alphanumeric runs that are account ids (exactly 12 digits; longer numbers such as epoch
    /// milliseconds stay) or opaque tokens (access key ids, 32+ characters mixing letters and digits).
    static func redactWords(in text: String, accountIDs: Bool, opaqueTokens: Bool) -> String {
        var output = ""
        var word = ""
        func flush() {
            if accountIDs && word.count == 12 && word.allSatisfy(\.isNumber) {
                output += "************"
            } else if opaqueTokens && isOpaqueToken(word) {
                output += mask
            } else {
                output += word
            }
            word = ""
        }
        for character in text {
            if character.isASCII && (character.isLetter || character.isNumber) {
                word.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }

    /// An AWS access key id (`AKIA`/`ASIA` + 16 upper-case letters or digits), or a long opaque token.
    static func isOpaqueToken(_ word: String) -> Bool {
        if word.count == 20, word.hasPrefix("AKIA") || word.hasPrefix("ASIA"),
            word.allSatisfy({ $0.isUppercase || $0.isNumber })
        {
            return true
        }
        return word.count >= 32 && word.contains(where: \.isNumber) && word.contains(where: \.isLetter)
    }
}
