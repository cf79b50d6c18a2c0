import BackfillTesting
import JSON
import Synchronization
import TenantBackfill
import Timekeeping

/// The initiator's slot item in memory, with DynamoDB's conditional-write semantics (each write atomic).
final class MemorySlotStore: InitiatorSlotStore {
    let state = Mutex<(slots: InitiatorSlots, version: Int?, writes: Int)>((InitiatorSlots(), nil, 0))

    func read() async throws -> (slots: InitiatorSlots, version: Int?) {
        let current = state.withLock { ($0.slots, $0.version) }
        await Task.yield()
        return current
    }

    func write(_ slots: InitiatorSlots, expected: Int?) async throws -> Bool {
        await Task.yield()
        return state.withLock { state in
            state.writes += 1
            guard state.version == expected else { return false }
            state.slots = slots
            state.version = (expected ?? 0) + 1
            return true
        }
    }

    var slots: InitiatorSlots { state.withLock { $0.slots } }
}

/// Records executions by name; a name started twice is one execution, as Step Functions does it.
final class RecordingStarter: ExecutionStarter {
    let state = Mutex<(calls: [String], inputs: [String: String], failing: Set<String>, ended: Set<String>)>(
        ([], [:], [], []))

    func start(name: String, input: String) async throws -> String {
        try state.withLock { state in
            state.calls.append(name)
            if state.failing.contains(name) { throw TenantBackfillError(.output, "StartExecution failed for \(name)") }
            if state.inputs[name] == nil { state.inputs[name] = input }
            return "arn:aws:states:us-east-1:123456789012:execution:TenantBackfill:" + name
        }
    }

    func hasEnded(name: String) async throws -> Bool { state.withLock { $0.ended.contains(name) } }

    var executions: [String: String] { state.withLock { $0.inputs } }
    var calls: [String] { state.withLock { $0.calls } }
}

/// An initiator over in-memory tenants `t1…tN` (each with ConnectWise), secrets and slots.
struct InitiatorHarness {
    let slots = MemorySlotStore()
    let starter = RecordingStarter()
    let clock = ManualTimeSource(now: TenantHarness.today.startTimestamp)
    let initiator: TenantInitiator

    init(
        tenants: Int = 8, disabled: Set<String> = [], noSecret: Set<String> = [], maxConcurrent: Int = 5,
        discovery: (any TenantDiscovery)? = nil
    ) throws {
        let configuration = try TenantBackfillConfiguration(environment: [
            "DATA_BUCKET": "lake", "TENANT_SERVICES_TABLE": "TenantServices", "LAST_UPDATED_TABLE": "LastUpdated",
        ])
        var items: [TenantServiceItem] = []
        var secrets: [String: String] = [:]
        for index in 1...tenants {
            let tenant = "t\(index)"
            for service in ["connectwise", "servicenow"] {
                let secret = noSecret.contains(tenant) ? nil : "tenants/\(tenant)/\(service)"
                items.append(
                    TenantServiceItem(
                        tenantID: tenant, service: service, enabled: !disabled.contains(tenant), secretName: secret))
                if let secret { secrets[secret] = Self.secrets[service] }
            }
        }
        initiator = TenantInitiator(
            settings: configuration.settings, bucket: "lake", maxConcurrent: maxConcurrent,
            tenants: MemoryTenants(items), secrets: MemorySecrets(secrets: secrets), slots: slots, starter: starter,
            time: clock, discovery: discovery)
    }

    /// Usable credentials per connector.
    static let secrets = [
        "connectwise":
            #"{"api_url":"http://127.0.0.1:1","company_id":"acme","public_key":"pub","private_key":"priv","client_id":"c"}"#,
        "servicenow": #"{"instance_url":"http://127.0.0.1:1","token":"tok-123"}"#,
    ]

    func run(_ event: JSONValue) async throws -> JSONValue {
        try await initiator.run(try TenantInitiatorRequest(event: event))
    }

    static func manual(_ tenant: String, _ service: String = "connectwise", start: String = "2024-01-01") -> JSONValue {
        ["tenant_id": .string(tenant), "service": .string(service), "start_date": .string(start)]
    }
}

/// Tenant services and job statuses for auto-detect, in memory.
struct MemoryDiscovery: TenantDiscovery {
    var entries: [DetectedService]
    var statuses: [String: String]

    func services() async throws -> [DetectedService] { entries }

    func backfillStatus(tenantID: String, service: String) async throws -> String? {
        statuses[tenantID + ":" + service]
    }
}
