#!/usr/bin/env python3
"""Signs requests with botocore, for the Swift signer's differential test (Tests/AWSSigV4Tests).

Reads one JSON object per line on stdin, writes one JSON object per line on stdout:

  in:  {"id", "mode": "header"|"query", "s3": bool, "service", "region", "method", "scheme", "host",
        "path", "query": [{"key", "value"|null}], "headers": [[name, value]], "bodyBase64",
        "accessKey", "secretKey", "token"|null, "timestamp": "YYYYMMDDTHHMMSSZ", "unsigned": bool,
        "addContentSHA256Header": bool, "expires": int}
  out: {"id", "canonicalRequest", "stringToSign", "signature", "url", "headers": [[name, value]]}
       or {"id", "error"}; a missing botocore gives one {"fatal"} line and exit status 3.

The URL is built the way botocore's own serializers build it: S3 keys and query keys/values are given raw and
percent-encoded here (quote, safe '/~' and '-_.~'); a non-S3 path is used exactly as given (botocore's SigV4Auth
encodes it once more itself). Signing runs add_auth's own steps with the timestamp fixed instead of the clock.
"""

import base64
import hashlib
import json
import sys
from urllib.parse import quote

try:
    from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth, _host_from_url
    from botocore.awsrequest import AWSRequest
    from botocore.config import Config
    from botocore.credentials import Credentials
except ImportError as error:  # pragma: no cover - reported to the Swift test
    print(json.dumps({"fatal": f"botocore is not importable ({error}); install it: python3 -m pip install botocore"}),
          flush=True)
    sys.exit(3)


def build_url(case):
    path = quote(case["path"], safe="/~") if case["s3"] else case["path"]
    url = f"{case['scheme']}://{case['host']}{path}"
    pieces = []
    for pair in case["query"]:
        piece = quote(pair["key"], safe="-_.~")
        if pair.get("value") is not None:
            piece += "=" + quote(pair["value"], safe="-_.~")
        pieces.append(piece)
    if pieces:
        url += "?" + "&".join(pieces)
    return url


def sign(case):
    credentials = Credentials(case["accessKey"], case["secretKey"], case.get("token"))
    body = base64.b64decode(case["bodyBase64"])
    request = AWSRequest(method=case["method"], url=build_url(case), data=body)
    for name, value in case["headers"]:
        request.headers[name] = value  # HTTPMessage appends: repeated names stay repeated
    request.context["timestamp"] = case["timestamp"]
    if case["s3"]:
        request.context["client_config"] = Config(s3={"payload_signing_enabled": not case["unsigned"]})
    else:
        request.context["payload_signing_enabled"] = not case["unsigned"]
        if case["addContentSHA256Header"] and not case["unsigned"] and case["mode"] == "header":
            request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(body).hexdigest()

    if case["mode"] == "query":
        signer_class = S3SigV4QueryAuth if case["s3"] else SigV4QueryAuth
        auth = signer_class(credentials, case["service"], case["region"], expires=case["expires"])
    else:
        signer_class = S3SigV4Auth if case["s3"] else SigV4Auth
        auth = signer_class(credentials, case["service"], case["region"])

    # SigV4Auth.add_auth, step by step, keeping the intermediate strings.
    auth._modify_request_before_signing(request)
    canonical_request = auth.canonical_request(request)
    string_to_sign = auth.string_to_sign(request, canonical_request)
    signature = auth.signature(string_to_sign, request)
    auth._inject_signature_to_request(request, signature)

    headers = [[name, value] for name, value in request.headers.items()]
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ["host", _host_from_url(request.url)])  # what the HTTP layer adds
    return {
        "canonicalRequest": canonical_request,
        "stringToSign": string_to_sign,
        "signature": signature,
        "url": request.url,
        "headers": headers,
    }


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            result = sign(case)
        except Exception as error:  # reported per case, the run goes on
            result = {"error": f"{type(error).__name__}: {error}"}
        result["id"] = case["id"]
        sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
