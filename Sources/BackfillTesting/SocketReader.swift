import HTTP

#if canImport(Glibc)
    import Glibc
#endif

/// Reads HTTP/1.1 requests (Content-Length or chunked bodies) from a blocking socket.
struct SocketReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(fd: Int32) { self.fd = fd }

    mutating func readRequest(connection: Int) -> LoopbackRequest? {
        guard let headEnd = readUntilHeaderEnd() else { return nil }
        let head = String(decoding: buffer[start..<headEnd], as: UTF8.self)
        start = headEnd + 4
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces())
        }
        var body: [UInt8] = []
        if headers.first("transfer-encoding")?.lowercased() == "chunked" {
            guard let chunked = readChunkedBody() else { return nil }
            body = chunked
        } else if let length = Int(headers.first("content-length") ?? "0"), length > 0 {
            guard fill(to: start + length) else { return nil }
            body = Array(buffer[start..<(start + length)])
            start += length
        }
        compact()
        return LoopbackRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body,
            connection: connection)
    }

    private mutating func readUntilHeaderEnd() -> Int? {
        var searchFrom = start
        while true {
            if buffer.count - searchFrom >= 4 {
                for index in searchFrom...(buffer.count - 4)
                where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13
                    && buffer[index + 3] == 10
                {
                    return index
                }
                searchFrom = buffer.count - 3
            }
            guard receive() else { return nil }
        }
    }

    private mutating func readLine() -> String? {
        while true {
            if let index = buffer[start...].firstIndex(of: 10) {
                let line = String(decoding: buffer[start..<index], as: UTF8.self)
                start = index + 1
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
            guard receive() else { return nil }
        }
    }

    private mutating func readChunkedBody() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let sizeLine = readLine() else { return nil }
            guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else { return nil }
            if size == 0 {
                while let trailer = readLine(), !trailer.isEmpty {}
                return body
            }
            guard fill(to: start + size + 2) else { return nil }
            body += buffer[start..<(start + size)]
            start += size + 2
        }
    }

    private mutating func fill(to end: Int) -> Bool {
        while buffer.count < end {
            guard receive() else { return false }
        }
        return true
    }

    private mutating func receive() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[0..<count]
        return true
    }

    private mutating func compact() {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 20 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = self[...]
        while view.first == " " || view.first == "\t" { view = view.dropFirst() }
        while view.last == " " || view.last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
