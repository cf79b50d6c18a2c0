import ConnectWiseConnector
import JSON
import SourceConnector
import Testing

@Suite("ConnectWise credentials from a secret")
struct ConnectWiseCredentialsTests {
    @Test(
        "a missing or empty field names the secret and the field but no value",
        arguments: [
            "api_url", "company_id", "public_key", "private_key", "client_id",
        ])
    func missingField(field: String) throws {
        for replacement: JSONValue? in [nil, "", "  ", 42] {
            guard case .object(var object) = ConnectWiseClientTests.secret else { return }
            object[field] = replacement
            let error = #expect(throws: SourceError.self) {
                _ = try ConnectWiseCredentials(secretName: "tenants/t1/cw", json: .object(object))
            }
            #expect(error?.code == .invalidSecret)
            let text = error?.description ?? ""
            #expect(text.contains("tenants/t1/cw") && text.contains(field))
            #expect(!text.contains("priv-SECRET-2") && !text.contains("pub-KEY-1"))
        }
    }

    @Test("text that is not JSON is an error that does not quote the text")
    func notJSON() {
        let error = #expect(throws: SourceError.self) {
            _ = try ConnectWiseCredentials(secretName: "s", secretString: "private_key=hunter2")
        }
        #expect(error?.code == .invalidSecret)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test("the description shows the site and company but redacts every key")
    func description() throws {
        let credentials = try ConnectWiseCredentials(secretName: "s", json: ConnectWiseClientTests.secret)
        let text = "\(credentials)"
        #expect(text.contains("acme") && text.contains("cw.example.test"))
        #expect(!text.contains("pub-KEY-1") && !text.contains("priv-SECRET-2") && !text.contains("client-3"))
    }
}
