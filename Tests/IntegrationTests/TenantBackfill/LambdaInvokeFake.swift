import BackfillTesting
import HTTP
import JSON
import Synchronization

/// A loopback stand-in for the Lambda Invoke REST call (`POST /2015-03-31/functions/{name}/invocations`), for
/// `AWS_ENDPOINT_URL_LAMBDA`: records every invocation; queued ones (`Event`) get 202, synchronous ones the
/// answer `respond` gives (an ingestion function's records by default: none).
final class LambdaInvokeFake: Sendable {
    struct Invocation: Sendable {
        var function: String
        var type: String
        var payload: JSONValue
    }

    let invocations = LockedValue<[Invocation]>([])
    private let server = Mutex<LoopbackHTTPServer?>(nil)
    let endpoint: String

    init(
        respond: @escaping @Sendable (String, JSONValue) -> LoopbackResponse = { _, _ in
            LoopbackResponse(status: 200, text: #"{"records":[]}"#)
        }
    ) throws {
        let invocations = self.invocations
        let server = try LoopbackHTTPServer { request in
            let parts = request.path.split(separator: "/")
            guard request.method == "POST", parts.count == 4, parts[1] == "functions", parts[3] == "invocations" else {
                return LoopbackResponse(status: 404, text: #"{"Message":"unknown path"}"#)
            }
            let function = QueryDecoding.percentDecode(String(parts[2]))
            let type = request.headers["x-amz-invocation-type"] ?? "RequestResponse"
            let payload = (try? JSONParser.parse(request.body)) ?? .null
            invocations.withLock { $0.append(Invocation(function: function, type: type, payload: payload)) }
            return type == "Event" ? LoopbackResponse(status: 202) : respond(function, payload)
        }
        endpoint = "http://127.0.0.1:\(server.port)"
        self.server.withLock { $0 = server }
    }

    var recorded: [Invocation] { invocations.value }

    func stop() { server.withLock { $0?.stop() } }
}

/// `%XX` decoding of a path segment.
enum QueryDecoding {
    static func percentDecode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
