import AWSSigV4
import Testing

/// AWS's published S3 examples: "Signature Calculations for the Authorization Header: Transferring Payload in a
/// Single Chunk" and "Authenticating Requests: Using Query Parameters" (S3 API Reference), bucket examplebucket,
/// us-east-1, 2013-05-24T00:00:00Z. Expected strings and signatures are copied from those pages.
@Suite("AWS's S3 signing examples")
struct S3ExampleTests {
    let signer = SigV4Signer(service: "s3", region: "us-east-1")
    let credentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    )
    let date = SigV4Date(amzDate: "20130524T000000Z")!
    let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test("GET Object with a Range header")
    func getObject() {
        let request = SigV4Request(
            method: "GET",
            url: "https://examplebucket.s3.amazonaws.com/test.txt",
            headers: [("Range", "bytes=0-9")]
        )
        let signature = signer.sign(request, credentials: credentials, date: date)
        #expect(
            signature.canonicalRequest == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:\(emptyHash)
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                \(emptyHash)
                """
        )
        #expect(signature.stringToSign.hasSuffix("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"))
        #expect(signature.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(
            signature.header("authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
        #expect(signature.header("x-amz-content-sha256") == emptyHash)
    }

    @Test("PUT Object with a $ in the key, a Date header and a storage class")
    func putObject() {
        let request = SigV4Request(
            method: "PUT",
            url: "https://examplebucket.s3.amazonaws.com/test$file.text",
            headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payload: .bytes(Array("Welcome to Amazon S3.".utf8))
        )
        let signature = signer.sign(request, credentials: credentials, date: date)
        let bodyHash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
        #expect(
            signature.canonicalRequest == """
                PUT
                /test%24file.text

                date:Fri, 24 May 2013 00:00:00 GMT
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:\(bodyHash)
                x-amz-date:20130524T000000Z
                x-amz-storage-class:REDUCED_REDUNDANCY

                date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class
                \(bodyHash)
                """
        )
        #expect(signature.stringToSign.hasSuffix("9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d"))
        #expect(signature.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
        #expect(signature.url == "https://examplebucket.s3.amazonaws.com/test%24file.text")
    }

    @Test("GET Bucket lifecycle: a key without a value signs as key=")
    func getLifecycle() {
        let request = SigV4Request(method: "GET", url: "https://examplebucket.s3.amazonaws.com/?lifecycle")
        let signature = signer.sign(request, credentials: credentials, date: date)
        #expect(signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "lifecycle=")
        #expect(signature.stringToSign.hasSuffix("9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca"))
        #expect(signature.signature == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
        #expect(signature.url == "https://examplebucket.s3.amazonaws.com/?lifecycle")
    }

    @Test("GET Bucket (list objects) with max-keys and prefix")
    func listObjects() {
        let request = SigV4Request(method: "GET", url: "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J")
        let signature = signer.sign(request, credentials: credentials, date: date)
        #expect(
            signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2]
                == "max-keys=2&prefix=J"
        )
        #expect(signature.stringToSign.hasSuffix("df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7"))
        #expect(signature.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test("presigned GET Object valid for 24 hours")
    func presignedGetObject() {
        let request = SigV4Request(method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt")
        let signature = signer.presign(request, credentials: credentials, date: date, expiresIn: 86_400)
        #expect(
            signature.canonicalRequest == """
                GET
                /test.txt
                X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3\
                %2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host
                host:examplebucket.s3.amazonaws.com

                host
                UNSIGNED-PAYLOAD
                """
        )
        #expect(signature.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(signature.url.hasSuffix("&X-Amz-Signature=\(signature.signature)"))
        #expect(signature.headers.map(\.name) == ["host"])
    }
}
