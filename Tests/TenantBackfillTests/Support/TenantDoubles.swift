import BackfillCore
import BackfillTesting
import ConnectWiseFake
import HTTP
import JSON
import Logging
import Synchronization
import TenantBackfill
import Timekeeping

/// Tenant services in memory.
final class MemoryTenants: TenantServiceDirectory {
    let items = Mutex<[String: TenantServiceItem]>([:])

    init(_ items: [TenantServiceItem] = []) {
        for item in items { self.items.withLock { $0[item.tenantID + "|" + item.service] = item } }
    }

    func item(tenantID: String, service: String) async throws -> TenantServiceItem? {
        items.withLock { $0[tenantID + "|" + service] }
    }
}

/// Sync markers in memory, forward only, as the DynamoDB condition does it.
final class MemoryMarkers: SyncMarkerStore {
    let values = Mutex<[String: String]>([:])

    func advance(tenantID: String, tableName: String, to lastUpdated: String) async throws -> Bool {
        values.withLock { values in
            let key = tenantID + "|" + tableName
            if let current = values[key], current >= lastUpdated { return false }
            values[key] = lastUpdated
            return true
        }
    }

    func value(_ tenantID: String, _ tableName: String) -> String? {
        values.withLock { $0[tenantID + "|" + tableName] }
    }
}

/// Secrets in memory.
struct MemorySecrets: SecretReader {
    var secrets: [String: String]

    func secretString(_ name: String) async throws -> String {
        guard let text = secrets[name] else { throw TenantBackfillError(.tenant, "ResourceNotFoundException: \(name)") }
        return text
    }
}

/// Records every invocation; synchronous ones are answered by `answer`.
final class RecordingInvoker: FunctionInvoker {
    struct Call: Sendable {
        var function: String
        var payload: JSONValue
        var async: Bool
    }

    let calls = Mutex<[Call]>([])
    let answer: @Sendable (String, JSONValue) async -> FunctionAnswer

    init(
        answer: @escaping @Sendable (String, JSONValue) async -> FunctionAnswer = { _, _ in
            FunctionAnswer(status: 202, payload: [])
        }
    ) {
        self.answer = answer
    }

    func invoke(function: String, payload: [UInt8], async: Bool) async throws -> FunctionAnswer {
        let json = (try? JSONParser.parse(payload)) ?? .null
        calls.withLock { $0.append(Call(function: function, payload: json, async: async)) }
        return async ? FunctionAnswer(status: 202, payload: []) : await answer(function, json)
    }

    var recorded: [Call] { calls.withLock { $0 } }
}

/// A tenant-backfill handler over in-memory doubles and a transport to the fakes.
struct TenantHarness {
    static let secretName = "tenants/t1/connectwise"
    static let today = CivilDate(year: 2024, month: 6, day: 1)

    let objects = InMemoryObjectStore()
    let jobs: InMemoryJobStore
    let markers = MemoryMarkers()
    let invoker: RecordingInvoker
    let handler: TenantBackfillHandler

    init(
        fakeEndpoint: String, transport: any HTTPTransport, privateKey: String = "fake-private",
        config: String? = nil, invoker: RecordingInvoker = RecordingInvoker(), service: String = "connectwise",
        secret: String? = nil, time: ManualTimeSource? = nil, sharedLimits: (any SharedLimitStore)? = nil,
        schemas: (any TenantSchemaStore)? = nil, jobs: InMemoryJobStore = InMemoryJobStore(),
        environment extra: [String: String] = [:],
        heartbeatTick: @escaping @Sendable () async throws -> Void = JobFixtures.neverTick
    ) throws {
        let secretText =
            secret
            ?? #"{"api_url":"\#(fakeEndpoint)","company_id":"acme","public_key":"fake-public","private_key":"\#(privateKey)","client_id":"fake-client"}"#
        var environment = [
            "DATA_BUCKET": "lake", "TENANT_SERVICES_TABLE": "TenantServices", "LAST_UPDATED_TABLE": "LastUpdated",
            "ENVIRONMENT": "test",
        ]
        if let config { environment["BACKFILL_CONFIG"] = config }
        environment.merge(extra) { $1 }
        let configuration = try TenantBackfillConfiguration(environment: environment)
        self.invoker = invoker
        self.jobs = jobs
        let dependencies = TenantBackfillDependencies(
            objects: objects, jobs: jobs,
            tenants: MemoryTenants([TenantServiceItem(tenantID: "t1", service: service, secretName: Self.secretName)]),
            markers: markers, secrets: MemorySecrets(secrets: [Self.secretName: secretText]), functions: invoker,
            transport: transport, time: time ?? ManualTimeSource(now: Self.today.startTimestamp + .seconds(3600)),
            heartbeatTick: heartbeatTick, maxSourceAttempts: 3, random: { 0 },
            sharedLimits: sharedLimits, schemas: schemas)
        handler = TenantBackfillHandler(configuration: configuration, dependencies: dependencies)
    }

    func run(_ event: JSONValue) async throws -> JSONValue {
        try await handler.run(
            try TenantBackfillRequest(event: event), owner: "test", deadline: .none,
            logger: .init(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }
}
