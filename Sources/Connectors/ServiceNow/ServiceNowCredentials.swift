public import JSON
public import SourceConnector

/// ServiceNow credentials, read from the tenant's secret: `{"instance_url","username","password"}` for Basic
/// authentication or `{"instance_url","token"}` for an OAuth bearer token. Secrets never appear in
/// `description` or in any error.
public struct ServiceNowCredentials: Sendable, CustomStringConvertible {
    /// How requests authenticate.
    public enum Authentication: Sendable {
        case basic(username: String, password: String)
        case bearer(token: String)
    }

    /// The secret's name, for error messages ("check the credentials in secret …").
    public var secretName: String
    /// The instance, e.g. `https://acme.service-now.com`.
    public var instanceURL: String
    public var authentication: Authentication

    /// Reads the secret's JSON: `instance_url`, then `token`, or `username` and `password`. A missing, empty or
    /// non-string field is an `invalidSecret` error naming the secret and the field, never its value.
    public init(secretName: String, json: JSONValue) throws(SourceError) {
        guard case .object(let object) = json else {
            throw SourceError(
                .invalidSecret, service: "servicenow",
                "secret \(secretName) is not a JSON object (it is \(json.typeDescription))")
        }
        func field(_ name: String) throws(SourceError) -> String {
            guard let text = Self.text(object[name]) else {
                let problem = object[name] == nil ? "lacks the field" : "has an empty or non-text field"
                throw SourceError(.invalidSecret, service: "servicenow", "secret \(secretName) \(problem) \(name)")
            }
            return text
        }
        self.secretName = secretName
        instanceURL = try field("instance_url")
        if object["token"] != nil {
            authentication = .bearer(token: try field("token"))
        } else {
            authentication = .basic(username: try field("username"), password: try field("password"))
        }
    }

    /// Reads the secret's text; text that is not JSON is an `invalidSecret` error that does not quote it.
    public init(secretName: String, secretString: String) throws(SourceError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(secretString)
        } catch {
            throw SourceError(.invalidSecret, service: "servicenow", "secret \(secretName) is not valid JSON")
        }
        try self.init(secretName: secretName, json: json)
    }

    /// The `Authorization` header value.
    var authorizationHeader: String {
        switch authentication {
        case .basic(let username, let password): BasicAuthorization.header(user: username, password: password)
        case .bearer(let token): "Bearer " + token
        }
    }

    /// The instance URL without a trailing slash.
    var base: String {
        var base = instanceURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    public var description: String {
        switch authentication {
        case .basic(let username, _):
            "ServiceNowCredentials(secret: \(secretName), instance_url: \(instanceURL), username: \(username), "
                + "password: <redacted>)"
        case .bearer:
            "ServiceNowCredentials(secret: \(secretName), instance_url: \(instanceURL), token: <redacted>)"
        }
    }

    private static func text(_ value: JSONValue?) -> String? {
        guard let trimmed = value?.stringValue?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
