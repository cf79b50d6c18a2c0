/// Everything the runtime reads from its environment, parsed once at start-up.
public struct RuntimeEnvironment: Sendable {
    /// `host:port` of the Runtime API (`AWS_LAMBDA_RUNTIME_API`).
    public var runtimeAPI: String
    /// `_HANDLER`: which handler family this function runs.
    public var handler: String?
    public var functionName: String
    public var functionVersion: String
    public var memoryLimitMB: Int
    public var region: String
    public var logGroupName: String
    public var logStreamName: String
    public var logFormat: LogFormat
    public var logLevel: LogLevelName
    /// The whole environment, for handler configuration (parsed by each handler family, once).
    public var variables: [String: String]

    /// Plain text or one JSON object per line (`AWS_LAMBDA_LOG_FORMAT`).
    public enum LogFormat: String, Sendable { case text = "Text", json = "JSON" }

    /// `AWS_LAMBDA_LOG_LEVEL` values.
    public enum LogLevelName: String, Sendable, CaseIterable {
        case trace = "TRACE", debug = "DEBUG", info = "INFO", warn = "WARN", error = "ERROR", fatal = "FATAL"
    }

    /// Parses the environment. Only `AWS_LAMBDA_RUNTIME_API` is required; everything else has a default.
    public init(variables: [String: String]) throws(RuntimeError) {
        guard let api = variables["AWS_LAMBDA_RUNTIME_API"], !api.isEmpty else {
            throw RuntimeError(.missingConfiguration, "AWS_LAMBDA_RUNTIME_API environment variable is required")
        }
        self.init(variables: variables, runtimeAPI: api, handler: variables["_HANDLER"])
    }

    /// The environment for running a handler in-process (the CLI): no Runtime API, the handler named explicitly.
    public static func local(variables: [String: String], handler: String) -> RuntimeEnvironment {
        RuntimeEnvironment(variables: variables, runtimeAPI: "", handler: handler)
    }

    private init(variables: [String: String], runtimeAPI api: String, handler: String?) {
        runtimeAPI = api
        self.handler = handler.flatMap { $0.isEmpty ? nil : $0 }
        functionName = variables["AWS_LAMBDA_FUNCTION_NAME"] ?? "local"
        functionVersion = variables["AWS_LAMBDA_FUNCTION_VERSION"] ?? "$LATEST"
        memoryLimitMB = Int(variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] ?? "") ?? 128
        region = variables["AWS_REGION"] ?? variables["AWS_DEFAULT_REGION"] ?? "us-east-1"
        logGroupName = variables["AWS_LAMBDA_LOG_GROUP_NAME"] ?? ""
        logStreamName = variables["AWS_LAMBDA_LOG_STREAM_NAME"] ?? ""
        logFormat = variables["AWS_LAMBDA_LOG_FORMAT"]?.uppercased() == "JSON" ? .json : .text
        logLevel = variables["AWS_LAMBDA_LOG_LEVEL"].flatMap { LogLevelName(rawValue: $0.uppercased()) } ?? .info
        self.variables = variables
    }

    /// The process environment as a dictionary (read once, by executables only).
    public static func processVariables() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}

#if canImport(Glibc)
    import Glibc
#endif
