import HTTP
import JSON
import Timekeeping

/// Turns an error response into an `AWSError`: JSON bodies (`__type`, `code`, `message`; the `x-amzn-ErrorType`
/// header), XML `<Error>` (S3) and `<ErrorResponse>` (query services, and moto for some JSON services), and
/// bodiless answers (HEAD) by status.
enum AWSErrorDecoder {
    static func decode(
        status: Int,
        headers: HTTPHeaders,
        body: [UInt8],
        service: AWSService,
        operation: String,
        now: Timestamp
    ) -> AWSError {
        var code: String?
        var message: String?
        var requestID = requestID(from: headers)
        let firstByte = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if firstByte == UInt8(ascii: "{"), let json = try? JSONParser.parse(body) {
            code = (json["__type"] ?? json["code"] ?? json["Code"])?.stringValue
            message = (json["message"] ?? json["Message"] ?? json["errorMessage"])?.stringValue
        } else if firstByte == UInt8(ascii: "<"), let root = try? XMLScanner.parse(body) {
            let error = root.name == "Error" ? root : root.descendant("Error")
            code = error?.text("Code")
            message = error?.text("Message")
            if requestID == nil { requestID = root.text("RequestId") ?? root.descendant("RequestId")?.text }
        }
        if let header = headers["x-amzn-errortype"], !header.isEmpty {
            code = code ?? String(header.prefix { $0 != ":" })
        }
        let cleanCode = code.map(strip) ?? fallbackCode(status: status)
        var error = AWSError(
            .service, message ?? "HTTP \(status) without an error message", serviceCode: cleanCode,
            service: service.id, operation: operation, status: status, requestID: requestID)
        error.retryAfter = retryAfter(headers, now: now)
        return error
    }

    /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` → `ResourceNotFoundException`;
    /// also drops a `:http://…` suffix.
    static func strip(_ code: String) -> String {
        var result = Substring(code)
        if let hash = result.lastIndex(of: "#") { result = result[result.index(after: hash)...] }
        if let colon = result.firstIndex(of: ":") { result = result[..<colon] }
        return String(result)
    }

    static func requestID(from headers: HTTPHeaders) -> String? {
        headers["x-amzn-requestid"] ?? headers["x-amz-request-id"] ?? headers["x-amzn-request-id"]
    }

    /// The server's wait hint: `x-amz-retry-after` in milliseconds, or `Retry-After` in seconds or as a date.
    static func retryAfter(_ headers: HTTPHeaders, now: Timestamp) -> Duration? {
        if let text = headers["x-amz-retry-after"], let milliseconds = Int64(text.trimmed()), milliseconds >= 0 {
            return .milliseconds(milliseconds)
        }
        guard let text = headers["retry-after"]?.trimmed() else { return nil }
        if let seconds = Int64(text), seconds >= 0 { return .seconds(seconds) }
        if let date = ISO8601Timestamp.parseHTTPDate(text) { return max(date - now, .zero) }
        return nil
    }

    private static func fallbackCode(status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 412: "PreconditionFailed"
        case 429: "TooManyRequestsException"
        case 500: "InternalError"
        case 503: "ServiceUnavailable"
        default: "HTTP\(status)"
        }
    }
}
