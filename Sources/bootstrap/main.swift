import HandlerRegistry
import LambdaRuntime

// The Lambda custom runtime: read the environment once, build the handler `_HANDLER` names, serve events.
await LambdaRuntime.main(variables: RuntimeEnvironment.processVariables()) { environment, logger in
    try await HandlerRegistry.makeHandler(environment: environment, logger: logger)
}
