/// Makes error text safe to store and log: 12-digit AWS account ids, access key ids, and values of secret-looking
/// fields (`password=…`, `token: …`, `Authorization: Bearer …`) are replaced, and the text is capped in size.
public enum ErrorRedactor {
    /// The most UTF-8 bytes of error text kept per partition (it bounds the job item's size).
    public static let storedErrorLimit = 160

    /// What replaces a secret.
    public static let mask = "[REDACTED]"

    /// Field names whose values are secrets (matched case-insensitively, with `_`/`-` ignored).
    static let secretFields: [String] = [
        "password", "passwd", "secret", "secretaccesskey", "token", "sessiontoken", "apikey", "accesskey",
        "authorization", "credential", "clientsecret", "privatekey", "signature", "xamzsignature",
        "xamzsecuritytoken",
    ]

    /// The redacted text, cut to `limit` UTF-8 bytes (with `…`).
    public static func redact(_ text: String, limit: Int = storedErrorLimit) -> String {
        truncate(redactFields(redactTokens(text)), toUTF8Bytes: limit)
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

    /// Replaces 12-digit runs (account ids) and AWS access key ids (`AKIA…`/`ASIA…` + 16) wherever they stand.
    static func redactTokens(_ text: String) -> String {
        var output = ""
        var word = ""
        func flush() {
            output += classify(word) ?? word
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

    /// The replacement for an alphanumeric run, or nil to keep it.
    static func classify(_ word: String) -> String? {
        if word.count == 12 && word.allSatisfy(\.isNumber) { return "************" }
        if word.count == 20, word.hasPrefix("AKIA") || word.hasPrefix("ASIA"),
            word.allSatisfy({ $0.isUppercase || $0.isNumber })
        {
            return mask
        }
        if word.count >= 32 && word.contains(where: \.isNumber) && word.contains(where: \.isLetter) {
            return mask  // long opaque tokens (API keys, hex secrets)
        }
        return nil
    }

    /// Replaces the value after `name=`, `name: ` or `"name": ` for secret field names, up to the next separator.
    static func redactFields(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            output.append(characters[index])
            let isSeparator = characters[index] == "=" || characters[index] == ":"
            index += 1
            guard isSeparator, isSecretName(endingBefore: index - 1, in: characters) else { continue }
            // Skip spaces and an opening quote, then mask up to the value's end.
            while index < characters.count, characters[index] == " " || characters[index] == "\"" {
                output.append(characters[index])
                index += 1
            }
            if index + 7 <= characters.count, String(characters[index..<index + 7]).lowercased() == "bearer " {
                output += "Bearer "
                index += 7
            }
            var masked = false
            while index < characters.count, !" \"',;&}\n".contains(characters[index]) {
                index += 1
                masked = true
            }
            if masked { output += mask }
        }
        return output
    }

    /// Whether the word just before `position` (skipping a closing quote and spaces) names a secret.
    static func isSecretName(endingBefore position: Int, in characters: [Character]) -> Bool {
        var end = position
        while end > 0, characters[end - 1] == " " || characters[end - 1] == "\"" { end -= 1 }
        var start = end
        while start > 0, characters[start - 1].isLetter || characters[start - 1] == "_" || characters[start - 1] == "-"
        {
            start -= 1
        }
        let name = String(characters[start..<end]).lowercased().filter { $0 != "_" && $0 != "-" }
        return !name.isEmpty && secretFields.contains { name == $0 || name.hasSuffix($0) }
    }
}
