import AWS
import BackfillCore
import BackfillTesting
import Testing

@Suite("Object store (in-memory double)")
struct ObjectStoreTests {
    @Test("put, list by prefix in key order, head, get streaming, delete")
    func roundTrip() async throws {
        let store = InMemoryObjectStore()
        try await store.put("a/2.json", body: Array("two".utf8), contentType: "application/json")
        try await store.put(
            "a/1.json", body: Array("one".utf8), contentType: "application/json", metadata: ["job": "j"])
        try await store.put("b/1.json", body: [], contentType: "application/json")
        #expect(try await store.keys(prefix: "a/") == ["a/1.json", "a/2.json"])
        #expect(try await store.head("a/2.json") == 3)
        #expect(try await store.head("missing") == nil)
        #expect(try await store.getBytes("a/1.json") == Array("one".utf8))
        #expect(store.stored["a/1.json"]?.metadata == ["job": "j"])
        try await store.delete("a/1.json")
        try await store.delete("a/1.json")
        #expect(try await !store.exists("a/1.json"))
        await #expect(throws: ObjectStoreError.self) { _ = try await store.get("a/1.json") }
    }

    @Test("an injected write failure names the key and leaves the old object")
    func failure() async throws {
        let store = InMemoryObjectStore()
        try await store.put("k", body: [1], contentType: "x")
        store.failWrites(of: "k")
        await #expect {
            try await store.put("k", body: [2], contentType: "x")
        } throws: { error in
            (error as? ObjectStoreError)?.message.contains("put k") == true
        }
        #expect(store.objects["k"] == [1])
    }
}

@Suite("AWS details survive into handler errors and logs")
struct AWSFailureFieldsTests {
    @Test("an object store error keeps the S3 error's service, operation, status and request id")
    func details() {
        var aws = AWSError(.service, "denied", serviceCode: "AccessDenied", service: "s3", operation: "PutObject")
        aws.status = 403
        aws.requestID = "REQ123"
        let error = ObjectStoreError(.write, "S3 put k in b failed", location: "b", aws: AWSErrorDetails(aws))
        let fields = awsFailureFields(error)
        #expect(fields["aws_service"] == "s3" && fields["aws_operation"] == "PutObject")
        #expect(fields["aws_status"] == "403" && fields["aws_request_id"] == "REQ123")
        #expect(awsFailureFields(aws)["aws_code"] == "AccessDenied")
        #expect(awsFailureFields(BackfillCoreError(.conflict, "x")).isEmpty)
    }
}
