import AWS

extension TenantStack {
    /// The tenant stack's environment plus a `TenantBackfill` state machine in moto (recording executions, not
    /// running them) for `tenant-initiator`.
    func initiatorEnvironment(maxConcurrent: Int = 5) async throws -> [String: String] {
        let arn = try await withClient { client in
            try await StepFunctionsClient(client: client).createStateMachine(
                name: "TenantBackfill",
                definition: #"{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}"#,
                roleARN: "arn:aws:iam::123456789012:role/states")
        }
        return environment.merging([
            "TENANT_STATE_MACHINE_ARN": arn, "MAX_CONCURRENT_BACKFILLS": String(maxConcurrent),
        ]) { $1 }
    }
}
