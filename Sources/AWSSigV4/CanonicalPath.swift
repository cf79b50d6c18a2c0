/// The path rules: how the path goes on the wire and how it appears in the canonical request.
enum CanonicalPath {
    /// The most bytes either form of `path` can take.
    static func capacity(for path: UnsafeBufferPointer<UInt8>) -> Int { path.count * 3 + 1 }

    /// Appends the path as sent. S3: encoded once (raw bytes escaped, existing escapes kept). Other services: as
    /// given, with only the bytes that cannot travel raw in a request line escaped.
    static func appendWire(_ path: UnsafeBufferPointer<UInt8>, rules: SigV4Signer.PathRules, to out: inout some ByteSink) {
        if path.isEmpty {
            out.append(UInt8(ascii: "/"))
            return
        }
        switch rules {
        case .s3: SigV4URIEncoding.appendS3Path(path, to: &out)
        case .standard, .unnormalized: SigV4URIEncoding.appendWirePath(path, to: &out)
        }
    }

    /// Appends the canonical path. S3: the wire path (encoded once, never normalized). Other services: the path as
    /// given, dot segments and empty segments removed (unless `.unnormalized`), then every byte but unreserved ones
    /// and `/` escaped, `%` included (the second encoding).
    static func appendCanonical(
        _ path: UnsafeBufferPointer<UInt8>,
        rules: SigV4Signer.PathRules,
        to out: inout some ByteSink
    ) {
        if path.isEmpty || (path.count == 1 && path[0] == UInt8(ascii: "/")) {
            out.append(UInt8(ascii: "/"))
            return
        }
        switch rules {
        case .s3:
            SigV4URIEncoding.appendS3Path(path, to: &out)
        case .unnormalized:
            SigV4URIEncoding.appendEncoded(path, keepSlash: true, to: &out)
        case .standard:
            removingDotSegments(path).withUnsafeBufferPointer {
                SigV4URIEncoding.appendEncoded($0, keepSlash: true, to: &out)
            }
        }
    }

    /// RFC 3986 dot-segment removal, also dropping empty segments (`//`), as AWS services and botocore do.
    /// A trailing slash survives only when segments remain; a trailing `.` or `..` leaves none (botocore's rule).
    static func removingDotSegments(_ path: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var kept: [Range<Int>] = []
        var start = 0
        while start <= path.count {
            var end = start
            while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
            let length = end - start
            let isDot = length == 1 && path[start] == UInt8(ascii: ".")
            let isDotDot = length == 2 && path[start] == UInt8(ascii: ".") && path[start + 1] == UInt8(ascii: ".")
            if isDotDot {
                if !kept.isEmpty { kept.removeLast() }
            } else if length > 0, !isDot {
                kept.append(start..<end)
            }
            start = end + 1
        }
        var out: [UInt8] = []
        out.reserveCapacity(path.count)
        if path.first == UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        for (index, range) in kept.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: path[range])
        }
        if path.last == UInt8(ascii: "/"), !kept.isEmpty { out.append(UInt8(ascii: "/")) }
        return out
    }
}
