public import AWS
public import FREDConnector
import Redaction

/// Reads the FRED API keys from the configured place: the Secrets Manager secret `FRED_API_KEYS_SECRET` (a JSON
/// array of keys or `{"keys":[…]}`) or the comma-separated `FRED_API_KEYS` (local use). Every key read is
/// registered with the redactor, so no log line, error or result can show it.
public enum FREDKeyLoader {
    /// Where the keys come from.
    public enum Origin: Sendable, Hashable {
        /// A Secrets Manager secret id or ARN.
        case secret(String)
        /// A comma-separated list.
        case list(String)
    }

    /// The keys from `origin`; a secret that cannot be read, or a list that holds no usable key, is a
    /// ``MacroGapFillError`` with code `configuration` naming the variable (never a key).
    public static func load(
        _ origin: Origin, secretsManager: SecretsManagerClient?
    ) async throws(MacroGapFillError) -> FREDKeys {
        let keys: FREDKeys
        switch origin {
        case .list(let text):
            do {
                keys = try FREDKeys.parse(commaSeparated: text)
            } catch {
                throw MacroGapFillError(.configuration, "FRED_API_KEYS: \(error.message)")
            }
        case .secret(let id):
            guard let secretsManager else {
                throw MacroGapFillError(.configuration, "FRED_API_KEYS_SECRET: no Secrets Manager client")
            }
            let value: SecretValue
            do {
                value = try await secretsManager.getSecretValue(id)
            } catch {
                throw MacroGapFillError(
                    .configuration,
                    SecretRedactor.errors.redact("FRED_API_KEYS_SECRET \(id) could not be read: \(error)", limit: 400))
            }
            guard let text = value.string else {
                throw MacroGapFillError(.configuration, "FRED_API_KEYS_SECRET \(id) holds no SecretString")
            }
            do {
                keys = try FREDKeys.parse(secretString: text)
            } catch {
                throw MacroGapFillError(.configuration, "FRED_API_KEYS_SECRET \(id): \(error.message)")
            }
        }
        register(keys)
        return keys
    }

    /// Registers every key with ``SecretRedactor`` (keys shorter than its minimum are left to the URL redaction).
    public static func register(_ keys: FREDKeys) {
        for key in keys.keys { SecretRedactor.register(secret: key.value) }
    }
}
