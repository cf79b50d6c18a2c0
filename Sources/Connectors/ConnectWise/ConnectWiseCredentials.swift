public import JSON
public import SourceConnector

/// ConnectWise Manage API member credentials, read from the tenant's Secrets Manager secret
/// `{"api_url","company_id","public_key","private_key","client_id"}`. The keys never appear in `description`
/// or in any error.
public struct ConnectWiseCredentials: Sendable, CustomStringConvertible {
    /// The secret's name, for error messages ("check the credentials in secret …").
    public var secretName: String
    /// The site, e.g. `https://api-na.myconnectwise.net` (a trailing `/v4_6_release/apis/3.0` is accepted).
    public var apiURL: String
    public var companyID: String
    public var publicKey: String
    public var privateKey: String
    /// The integration's `clientId`, required on every request.
    public var clientID: String

    /// The fields every ConnectWise secret must hold, in the order they are checked.
    public static let requiredFields = ["api_url", "company_id", "public_key", "private_key", "client_id"]

    /// Reads the secret's JSON. A missing, empty or non-string field is an `invalidSecret` error naming the
    /// secret and the field, never its value.
    public init(secretName: String, json: JSONValue) throws(SourceError) {
        guard case .object(let object) = json else {
            throw SourceError(
                .invalidSecret, service: "connectwise",
                "secret \(secretName) is not a JSON object (it is \(json.typeDescription))")
        }
        var values: [String: String] = [:]
        for field in Self.requiredFields {
            guard let text = object[field]?.stringValue?.trimmingCharacters(), !text.isEmpty else {
                let problem = object[field] == nil ? "lacks the field" : "has an empty or non-text field"
                throw SourceError(.invalidSecret, service: "connectwise", "secret \(secretName) \(problem) \(field)")
            }
            values[field] = text
        }
        self.secretName = secretName
        apiURL = values["api_url", default: ""]
        companyID = values["company_id", default: ""]
        publicKey = values["public_key", default: ""]
        privateKey = values["private_key", default: ""]
        clientID = values["client_id", default: ""]
    }

    /// Reads the secret's text (Secrets Manager's `SecretString`); text that is not JSON is an `invalidSecret`
    /// error that does not quote it.
    public init(secretName: String, secretString: String) throws(SourceError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(secretString)
        } catch {
            throw SourceError(.invalidSecret, service: "connectwise", "secret \(secretName) is not valid JSON")
        }
        try self.init(secretName: secretName, json: json)
    }

    /// The user of Basic authentication: `{company_id}+{public_key}`.
    var basicUser: String { companyID + "+" + publicKey }

    /// The REST base, `{api_url}/v4_6_release/apis/3.0`, without a trailing slash.
    var restBase: String {
        var base = apiURL
        while base.hasSuffix("/") { base.removeLast() }
        let suffix = "/v4_6_release/apis/3.0"
        return base.hasSuffix(suffix) ? base : base + suffix
    }

    public var description: String {
        "ConnectWiseCredentials(secret: \(secretName), api_url: \(apiURL), company_id: \(companyID), "
            + "public_key: <redacted>, private_key: <redacted>, client_id: <redacted>)"
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    func trimmingCharacters() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
