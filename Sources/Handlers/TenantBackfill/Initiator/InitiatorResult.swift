public import JSON

/// What an initiator run did, per job: the result's `started`, `queued`, `skipped` and `failed` lists.
public struct InitiatorResult: Sendable, Hashable {
    public var started: [JSONValue] = []
    public var queued: [JSONValue] = []
    public var skipped: [JSONValue] = []
    public var failed: [JSONValue] = []

    public init() {}

    /// `{"started":[…],"queued":[…],"skipped":[…],"failed":[…]}`.
    public var json: JSONValue {
        ["started": .array(started), "queued": .array(queued), "skipped": .array(skipped), "failed": .array(failed)]
    }
}
