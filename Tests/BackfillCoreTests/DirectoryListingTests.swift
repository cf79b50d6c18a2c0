import BackfillCore
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Directory listing")
struct DirectoryListingTests {
    /// A fresh directory under /tmp, removed with its files by `body`'s caller.
    private static func withDirectory(_ body: (String) throws -> Void) rethrows {
        var template = Array("/tmp/listing-test-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        defer {
            for name in DirectoryListing.names(in: path) ?? [] { unlink(path + "/" + name) }
            rmdir(path)
        }
        try body(path)
    }

    @Test("every name comes back whole, from 1 to 255 bytes, many entries (several readdir buffers)")
    func names() throws {
        try Self.withDirectory { path in
            var expected: Set<String> = []
            for index in 0..<600 {
                let length = 1 + (index * 37) % 255
                let stem = String(index)
                let name = stem + String(repeating: "x", count: max(0, length - stem.count))
                let descriptor = open(path + "/" + name, O_CREAT | O_WRONLY, 0o600)
                #expect(descriptor >= 0, "could not create \(name)")
                close(descriptor)
                expected.insert(name)
            }
            let listed = try #require(DirectoryListing.names(in: path))
            #expect(listed.count == expected.count)
            #expect(Set(listed) == expected)
            #expect(!listed.contains(".") && !listed.contains(".."))
        }
    }

    @Test("an empty directory lists nothing; a missing one is nil")
    func emptyAndMissing() {
        Self.withDirectory { path in
            #expect(DirectoryListing.names(in: path) == [])
            #expect(DirectoryListing.names(in: path + "/absent") == nil)
        }
    }
}
