import BackfillTesting
import HTTP
import Testing

@Suite("CurlHTTPClient against a loopback server")
struct CurlHTTPClientTests {
    @Test("sends method, headers and body, and reads the response")
    func roundTrip() async throws {
        let server = try LoopbackHTTPServer { request in
            LoopbackResponse(
                status: 201,
                headers: ["X-Echo-Method": request.method, "X-Type": request.headers["content-type"] ?? "none"],
                body: request.body + Array(request.target.utf8))
        }
        defer { server.stop() }
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(
            HTTPRequest(
                method: "PUT", url: server.baseURL + "/a/b?x=1", headers: ["Content-Type": "text/plain"],
                body: Array("hi".utf8)))
        #expect(response.status == 201)
        #expect(response.headers["x-echo-method"] == "PUT")
        #expect(response.headers["x-type"] == "text/plain")
        #expect(response.bodyText == "hi/a/b?x=1")
    }

    @Test("never sends curl's default form content type")
    func noDefaultContentType() async throws {
        let server = try LoopbackHTTPServer { request in
            LoopbackResponse(status: 200, text: request.headers["content-type"] ?? "none")
        }
        defer { server.stop() }
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(
            HTTPRequest(method: "POST", url: server.baseURL + "/", body: Array("a=b".utf8)))
        #expect(response.bodyText == "none")
    }

    @Test("reuses one connection for sequential requests")
    func connectionReuse() async throws {
        let server = try LoopbackHTTPServer { _ in LoopbackResponse(status: 200, text: "ok") }
        defer { server.stop() }
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        for _ in 0..<100 {
            _ = try await client.execute(HTTPRequest(url: server.baseURL + "/"))
        }
        #expect(server.connectionsAccepted == 1)
        #expect(client.connectionsOpened == 1)
    }

    @Test("streams a large body in chunks")
    func streaming() async throws {
        let payload = (0..<(5 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let server = try LoopbackHTTPServer { _ in LoopbackResponse(status: 200, body: payload) }
        defer { server.stop() }
        var options = CurlHTTPClient.Options()
        options.streamHighWaterMark = 64 * 1024
        let client = CurlHTTPClient(options: options)
        defer { client.shutdown() }
        let response = try await client.stream(HTTPRequest(url: server.baseURL + "/big"))
        #expect(response.status == 200)
        var received: [UInt8] = []
        var chunks = 0
        for try await chunk in response.body {
            received += chunk
            chunks += 1
        }
        #expect(chunks > 1)
        #expect(received == payload)
    }

    @Test("pausing and resuming a stream under a tiny buffer never stalls")
    func streamingBackpressure() async throws {
        let payload = [UInt8](repeating: 42, count: 1 << 20)
        let server = try LoopbackHTTPServer { _ in LoopbackResponse(status: 200, body: payload) }
        defer { server.stop() }
        var options = CurlHTTPClient.Options()
        options.streamHighWaterMark = 4 * 1024
        let client = CurlHTTPClient(options: options)
        defer { client.shutdown() }
        for _ in 0..<20 {
            let response = try await client.stream(HTTPRequest(url: server.baseURL + "/", timeout: .seconds(20)))
            var count = 0
            for try await chunk in response.body {
                count += chunk.count
                await Task.yield()
            }
            #expect(count == payload.count)
        }
    }

    @Test("a streamed request's time limit covers its headers, not a slow consumer")
    func streamingTimeouts() async throws {
        let gate = BlockingQueue<Int>()
        let payload = [UInt8](repeating: 1, count: 256 * 1024)
        let server = try LoopbackHTTPServer { request in
            if request.path == "/silent" { _ = gate.take(timeoutSeconds: 5) }
            return LoopbackResponse(status: 200, body: payload)
        }
        defer {
            gate.close()
            server.stop()
        }
        var options = CurlHTTPClient.Options()
        options.streamHighWaterMark = 16 * 1024
        let client = CurlHTTPClient(options: options)
        defer { client.shutdown() }
        let error = await #expect(throws: HTTPError.self) {
            _ = try await client.stream(HTTPRequest(url: server.baseURL + "/silent", timeout: .milliseconds(300)))
        }
        #expect(error?.code == .timedOut)
        // A consumer slower than the limit still gets the whole body: the transfer waits paused, not timed out.
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await client.stream(HTTPRequest(url: server.baseURL + "/slow", timeout: .milliseconds(300)))
        var count = 0
        for try await chunk in response.body {
            count += chunk.count
            if count < 64 * 1024 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(count == payload.count)
        #expect(clock.now - start > .milliseconds(300))
    }

    @Test("a refused connection is a transient connectFailed error")
    func connectFailed() async throws {
        let server = try LoopbackHTTPServer { _ in LoopbackResponse(status: 200) }
        let url = server.baseURL + "/"
        server.stop()
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let error = await #expect(throws: HTTPError.self) { try await client.execute(HTTPRequest(url: url)) }
        #expect(error?.isTransient == true)
    }

    @Test("a per-request timeout fires")
    func timeout() async throws {
        let gate = BlockingQueue<Int>()
        let server = try LoopbackHTTPServer { _ in
            _ = gate.take(timeoutSeconds: 5)
            return LoopbackResponse(status: 200)
        }
        defer {
            gate.close()
            server.stop()
        }
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let error = await #expect(throws: HTTPError.self) {
            try await client.execute(HTTPRequest(url: server.baseURL + "/", timeout: .milliseconds(200)))
        }
        #expect(error?.code == .timedOut)
    }

    @Test("many requests in flight at once")
    func concurrency() async throws {
        let server = try LoopbackHTTPServer { request in LoopbackResponse(status: 200, text: request.target) }
        defer { server.stop() }
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<40 {
                group.addTask { try await client.execute(HTTPRequest(url: server.baseURL + "/\(index)")).bodyText }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(results.count == 40)
    }
}
