public import JSON

extension InitiatorSlots {
    /// The stored form: `{"running":[{job_id,service,started_at}],"queued":[{job_id,service,queued_at,input}]}`.
    public var json: JSONValue {
        .object([
            "running": .array(
                running.map {
                    [
                        "job_id": .string($0.jobID), "service": .string($0.serviceKey),
                        "started_at": .int($0.startedAt),
                    ]
                }),
            "queued": .array(
                queued.map {
                    [
                        "job_id": .string($0.jobID), "service": .string($0.serviceKey),
                        "queued_at": .int($0.queuedAt), "input": .string($0.input),
                    ]
                }),
        ])
    }

    /// Reads the stored form; members that are missing or malformed are dropped.
    public init(json: JSONValue) {
        self.init()
        for entry in json["running"]?.arrayValue ?? [] {
            guard let id = entry["job_id"]?.stringValue, let key = entry["service"]?.stringValue else { continue }
            running.append(Running(jobID: id, serviceKey: key, startedAt: entry["started_at"]?.intValue ?? 0))
        }
        for entry in json["queued"]?.arrayValue ?? [] {
            guard let id = entry["job_id"]?.stringValue, let key = entry["service"]?.stringValue else { continue }
            queued.append(
                Queued(
                    jobID: id, serviceKey: key, queuedAt: entry["queued_at"]?.intValue ?? 0,
                    input: entry["input"]?.stringValue ?? "{}"))
        }
    }
}
