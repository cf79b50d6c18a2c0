public import JSON

/// What an initiator run did, per job: the result's `started`, `queued`, `skipped` and `failed` lists, and
/// the job ids whose slots `start_queued` freed (`released`).
public struct InitiatorResult: Sendable, Hashable {
    public var started: [JSONValue] = []
    public var queued: [JSONValue] = []
    public var skipped: [JSONValue] = []
    public var failed: [JSONValue] = []
    public var released: [JSONValue] = []

    public init() {}

    /// `{"started":[…],"queued":[…],"skipped":[…],"failed":[…]}`, with `"released":[…]` when any was freed.
    public var json: JSONValue {
        var object: JSONObject = [
            "started": .array(started), "queued": .array(queued), "skipped": .array(skipped),
            "failed": .array(failed),
        ]
        if !released.isEmpty { object["released"] = .array(released) }
        return .object(object)
    }
}
