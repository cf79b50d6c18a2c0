public import AWS
import AWSSigV4
import HTTP

#if canImport(Glibc)
    import Glibc
#endif

extension MotoServer {
    /// Creates an IAM role Lambda and Step Functions can assume (moto checks that a function's role exists) and
    /// returns its ARN.
    public func createRole(name: String) async throws -> String {
        let trust =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","#
            + #""states.amazonaws.com"]},"Action":"sts:AssumeRole"}]}"#
        let answer = try await iam([("Action", "CreateRole"), ("RoleName", name), ("AssumeRolePolicyDocument", trust)])
        guard let arn = answer.descendant("Arn")?.text else { throw MotoServerError("CreateRole answered without Arn") }
        return arn
    }

    /// Calls an IAM Query-protocol action signed with this server's keys and returns the parsed XML answer.
    public func iam(_ parameters: [(String, String)]) async throws -> XMLElement {
        let body = Array(AWSURLEncoding.query(parameters + [("Version", "2010-05-08")]).utf8)
        let signer = SigV4Signer(service: "iam", region: "us-east-1")
        let signature = signer.sign(
            SigV4Request(
                method: "POST", url: endpoint + "/",
                headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
                payload: .bytes(body)),
            credentials: credentials, date: SigV4Date(secondsSince1970: Int(time(nil))))
        let response = try await CurlHTTPClient.withClient { http in
            try await http.execute(
                HTTPRequest(
                    method: "POST", url: signature.url,
                    headers: HTTPHeaders(signature.headers.map { ($0.name, $0.value) }),
                    body: body))
        }
        guard response.status == 200 else {
            throw MotoServerError("IAM \(parameters.first?.1 ?? "") answered \(response.status): \(response.bodyText)")
        }
        return try XMLScanner.parse(response.body)
    }
}
