/// Where requests for one service go and how they are signed.
public struct AWSEndpoint: Sendable, Hashable {
    /// Scheme, host, optional port and optional base path, without a trailing slash,
    /// e.g. `https://dynamodb.eu-west-1.amazonaws.com` or `http://127.0.0.1:5000`.
    public var baseURL: String
    /// The region in the SigV4 credential scope.
    public var signingRegion: String
    /// Whether S3 buckets go in the path (`/bucket/key`) rather than the host (`bucket.s3…/key`).
    public var s3PathStyle: Bool
    /// Whether the URL came from an `AWS_ENDPOINT_URL…` variable.
    public var isCustom: Bool

    public init(baseURL: String, signingRegion: String, s3PathStyle: Bool = false, isCustom: Bool = false) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.signingRegion = signingRegion
        self.s3PathStyle = s3PathStyle
        self.isCustom = isCustom
    }

    /// Resolves the endpoint of `service` in `region`: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`,
    /// then the real AWS host. Cost Explorer is signed for us-east-1 wherever it is sent.
    public static func resolve(
        service: AWSService,
        region: String,
        serviceURLs: [String: String],
        globalURL: String?
    ) throws(AWSError) -> AWSEndpoint {
        let signingRegion = service.globalRegion ?? region
        if let custom = serviceURLs[service.environmentSuffix] ?? globalURL {
            guard custom.hasPrefix("http://") || custom.hasPrefix("https://") else {
                let variable =
                    serviceURLs[service.environmentSuffix] != nil
                    ? "AWS_ENDPOINT_URL_\(service.environmentSuffix)" : "AWS_ENDPOINT_URL"
                throw AWSError(.configuration, "\(variable) must start with http:// or https://, got \"\(custom)\"")
            }
            return AWSEndpoint(baseURL: custom, signingRegion: signingRegion, s3PathStyle: true, isCustom: true)
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return AWSEndpoint(
            baseURL: "https://\(service.hostPrefix).\(signingRegion).\(suffix)", signingRegion: signingRegion,
            s3PathStyle: false, isCustom: false)
    }

    /// The URL of `bucket` for S3: path-style on custom endpoints (and for bucket names that are not valid
    /// DNS labels), virtual-hosted otherwise.
    public func s3BucketURL(_ bucket: String) -> String {
        if s3PathStyle || !Self.isVirtualHostable(bucket) {
            return baseURL + "/" + AWSURLEncoding.encode(bucket, keepSlash: false)
        }
        guard let schemeEnd = baseURL.firstRange(of: "://") else { return baseURL + "/" + bucket }
        return baseURL[..<schemeEnd.upperBound] + bucket + "." + baseURL[schemeEnd.upperBound...]
    }

    /// Bucket names that can go into a TLS host name: lowercase letters, digits and hyphens, 3–63 characters.
    static func isVirtualHostable(_ bucket: String) -> Bool {
        guard (3...63).contains(bucket.utf8.count), bucket.first != "-", bucket.last != "-" else { return false }
        return bucket.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}
