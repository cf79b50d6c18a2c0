import JSON

/// The `Authorization` header value of HTTP Basic authentication.
public enum BasicAuthorization {
    /// `Basic base64(user:password)`.
    public static func header(user: String, password: String) -> String {
        "Basic " + Base64.encode(Array((user + ":" + password).utf8))
    }
}
