public import AWS
import Dispatch
import HTTP
public import JSON
public import LambdaRuntime
public import Logging

/// A loopback stand-in of the Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`) that runs our
/// real handlers in this process: for sources that invoke a function (`AWS_ENDPOINT_URL_LAMBDA`), and for moto's
/// Step Functions interpreter, whose Task states call Lambda at `localhost:$MOTO_PORT` (start moto with
/// `MOTO_PORT` = this endpoint's port). Answers as Lambda does: 200 with the payload, a function error as 200
/// with `X-Amz-Function-Error: Unhandled` and `{"errorMessage","errorType"}`, 202 for `Event` invocations, 404 for
/// an unknown function. Every invocation is logged. Other calls get 404, or go on to moto once
/// ``forwardOtherCalls(to:)`` is set (the S3 read of a Distributed Map's `ItemReader`; see ``AWSCallForwarder``).
public final class LambdaInvokeEndpoint: Sendable {
    /// One invocation as received.
    public struct Invocation: Sendable, Hashable {
        public var function: String
        /// `RequestResponse` or `Event`.
        public var invocationType: String
        public var payload: String

        /// The payload parsed (null when it is not JSON).
        public var payloadJSON: JSONValue { (try? JSONParser.parse(payload)) ?? .null }
    }

    /// Answers a synchronous invocation of `function` with `payload` (for functions a test scripts instead of
    /// running a handler: an ingestion Lambda's records, a function error, garbage).
    public typealias Responder = @Sendable (_ function: String, _ payload: JSONValue) -> LoopbackResponse

    private let server: LoopbackHTTPServer
    private let log = LockedValue<[Invocation]>([])
    private let forwarder = LockedValue<AWSCallForwarder?>(nil)

    /// The port (for `MOTO_PORT`) and base URL (for `AWS_ENDPOINT_URL_LAMBDA`).
    public var port: Int { server.port }
    public var baseURL: String { server.baseURL }

    /// Serves `functions` (name or ARN's last part → handler); `environment` gives the handlers' context
    /// (region, function metadata).
    public init(
        functions: [String: any LambdaHandler],
        environment: [String: String] = [:],
        logger: Logger = Logger(label: "lambda-endpoint") { _ in SwiftLogNoOpLogHandler() }
    ) throws {
        let log = self.log
        let forwarder = self.forwarder
        server = try LoopbackHTTPServer { request in
            if Self.invocation(request, log: nil) == nil, let forwarder = forwarder.value {
                return forwarder.forward(request)
            }
            return Self.answer(request, functions: functions, environment: environment, logger: logger, log: log)
        }
    }

    /// Answers every function with `responder` (`Event` invocations get 202 without calling it).
    public init(responder: @escaping Responder) throws {
        let log = self.log
        server = try LoopbackHTTPServer { request in
            guard let (name, type) = Self.invocation(request, log: log) else {
                return LoopbackResponse(status: 404, text: #"{"message":"not a Lambda Invoke call"}"#)
            }
            return type == "Event"
                ? LoopbackResponse(status: 202) : responder(name, (try? JSONParser.parse(request.body)) ?? .null)
        }
    }

    deinit { stop() }

    /// Sends every call that is not a Lambda Invoke to moto at `configuration`, signed again with its
    /// credentials (moto is started after this endpoint, since it needs the port, hence a setter).
    public func forwardOtherCalls(to configuration: AWSConfiguration) {
        forwarder.withLock { $0 = AWSCallForwarder(configuration: configuration) }
    }

    /// The function name and invocation type of an Invoke call (logged), or nil for any other request.
    static func invocation(_ request: LoopbackRequest, log: LockedValue<[Invocation]>?) -> (String, String)? {
        let parts = request.path.split(separator: "/").map(String.init)
        guard request.method == "POST", parts.count == 4, parts[1] == "functions", parts[3] == "invocations" else {
            return nil
        }
        let name = String((parts[2].removingPercentEncoding ?? parts[2]).split(separator: ":").last ?? "")
        let type = request.headers.first("x-amz-invocation-type") ?? "RequestResponse"
        log?.withLock { $0.append(Invocation(function: name, invocationType: type, payload: request.bodyText)) }
        return (name, type)
    }

    /// Every invocation so far, in arrival order.
    public var invocations: [Invocation] { log.value }

    /// Stops serving.
    public func stop() { server.stop() }

    static func answer(
        _ request: LoopbackRequest,
        functions: [String: any LambdaHandler],
        environment: [String: String],
        logger: Logger,
        log: LockedValue<[Invocation]>
    ) -> LoopbackResponse {
        guard let (name, type) = invocation(request, log: log) else {
            return LoopbackResponse(status: 404, text: #"{"message":"not a Lambda Invoke call"}"#)
        }
        guard let handler = functions[name] else {
            return LoopbackResponse(
                status: 404, headers: HTTPHeaders([("x-amzn-ErrorType", "ResourceNotFoundException")]),
                text: #"{"Type":"User","message":"Function not found: \#(name)"}"#)
        }
        let runtime = RuntimeEnvironment.local(
            variables: environment.merging(["AWS_LAMBDA_FUNCTION_NAME": name]) { $1 }, handler: name)
        let invoker = LocalInvoker(handler: handler, environment: runtime, logger: logger)
        let body = request.body.isEmpty ? Array("{}".utf8) : request.body
        let result = LockedValue<Result<[UInt8], ReportedError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome = await invoker.invoke(event: body, timeout: .seconds(900), requestID: "loopback-\(name)")
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        if type == "Event" { return LoopbackResponse(status: 202) }
        switch result.value {
        case .success(let payload):
            return LoopbackResponse(
                status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]), body: payload)
        case .failure(let error):
            return LoopbackResponse(
                status: 200,
                headers: HTTPHeaders([("X-Amz-Function-Error", "Unhandled"), ("Content-Type", "application/json")]),
                body: LocalInvoker.errorDocument(error))
        case nil:
            return LoopbackResponse(status: 500)
        }
    }
}

extension String {
    /// Decodes `%XX` escapes (function names and ARNs in the path); nil when malformed.
    var removingPercentEncoding: String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
