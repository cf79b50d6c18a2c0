import JSON
import Testing

/// The `TenantBackfill` definition in template.yaml read statically: what moto's interpreter cannot execute (the
/// Distributed Map reading its items from S3) and the properties operators rely on.
@Suite("TenantBackfill definition shape")
struct TenantStateMachineShapeTests {
    static func definition() throws -> JSONValue {
        try JSONParser.parse(Array(try TenantMachineStage.definition().utf8))
    }

    /// Every `Next`, `Default` and Catch target of `states` names a state of the same scope; returns all names.
    static func checkScope(_ states: JSONObject) -> [String] {
        var names = states.keys
        for (name, state) in states {
            var targets = [state["Next"], state["Default"]].compactMap { $0?.stringValue }
            targets += (state["Choices"]?.arrayValue ?? []).compactMap { $0["Next"]?.stringValue }
            targets += (state["Catch"]?.arrayValue ?? []).compactMap { $0["Next"]?.stringValue }
            for target in targets { #expect(states[target] != nil, "\(name) → \(target): no such state") }
            #expect(
                state["Next"] != nil || state["End"] == true
                    || ["Choice", "Succeed", "Fail"].contains(state["Type"]?.stringValue ?? ""), "\(name) never ends")
            if let inner = state["ItemProcessor"]?["States"]?.objectValue { names += checkScope(inner) }
        }
        return names
    }

    @Test("states are reachable by name, unique across the machine; 24 h timeout; Plan first")
    func structure() throws {
        let machine = try Self.definition()
        #expect(machine["StartAt"] == "Plan")
        #expect(machine["TimeoutSeconds"] == 86_400)
        let names = Self.checkScope(try #require(machine["States"]?.objectValue))
        #expect(Set(names).count == names.count, "state names must be unique across the machine: \(names)")
    }

    @Test("the Distributed Map reads the chunk list from S3 and runs STANDARD child executions")
    func distributedBranch() throws {
        let states = try #require(try Self.definition()["States"])
        let map = try #require(states["RunChunksDistributed"])
        #expect(map["Type"] == "Map")
        #expect(map["ItemReader"]?["Resource"] == "arn:aws:states:::s3:getObject")
        #expect(map["ItemReader"]?["ReaderConfig"]?["InputType"] == "JSON")
        #expect(map["ItemReader"]?["Parameters"]?["Key.$"] == "$.plan.Payload.chunks_s3.key")
        #expect(map["ItemProcessor"]?["ProcessorConfig"]?["Mode"] == "DISTRIBUTED")
        #expect(map["ItemProcessor"]?["ProcessorConfig"]?["ExecutionType"] == "STANDARD")
        #expect(map["MaxConcurrencyPath"] == "$.plan.Payload.max_concurrency")
        #expect(map["Next"] == "Pending")
        let route = try #require(states["Route"]?["Choices"]?.arrayValue?.first)
        #expect(route["Next"] == "RunChunksDistributed")
    }

    @Test("every chunk task retries 3 times with backoff on task failures and Lambda throttles, then is caught")
    func chunkRetryAndCatch() throws {
        let states = try #require(try Self.definition()["States"])
        for (map, task) in [("RunChunks", "RunChunk"), ("RunChunksDistributed", "RunChunkInChild")] {
            let inner: JSONValue = try #require(states[map]?["ItemProcessor"]?["States"], "\(map)")
            let state = try #require(inner[task], "\(map).\(task)")
            let prefix = task == "RunChunk" ? "Chunk" : "ChildChunk"
            let choices: [JSONValue] = inner["\(prefix)Continues"]?["Choices"]?.arrayValue ?? []
            let next: [JSONValue] = choices.map { $0["Next"] ?? .null }
            #expect(next == [.string("\(prefix)Backoff"), .string(task)], "a failed chunk waits")
            #expect(inner["\(prefix)Backoff"]?["SecondsPath"] == "$.result.body.retry_in_seconds")
            #expect(inner["\(prefix)Backoff"]?["Next"] == .string(task))
            let retry = try #require(state["Retry"]?.arrayValue?.first)
            #expect(retry["MaxAttempts"] == 3 && retry["BackoffRate"] == 2)
            let errors = Set((retry["ErrorEquals"]?.arrayValue ?? []).compactMap(\.stringValue))
            #expect(
                errors.isSuperset(of: [
                    "States.TaskFailed", "Lambda.ServiceException", "Lambda.TooManyRequestsException",
                    "Lambda.AWSLambdaException",
                ]))
            #expect(state["Catch"]?.arrayValue?.first?["ErrorEquals"] == ["States.ALL"])
            #expect(state["Parameters"]?["Payload"]?["partition.$"] == "$.partition")
        }
        #expect(states["StartQueued"]?["Parameters"]?["Payload"]?["start_queued"] == true)
        #expect(states["Finalize"]?["Next"] == "StartQueued")
        #expect(
            states["Finalize"]?["Catch"]?.arrayValue?.first?["Next"] == "StartQueued", "a failed job frees its slot")
    }
}
