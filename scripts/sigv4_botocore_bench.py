#!/usr/bin/env python3
"""botocore's SigV4 signing speed on the request `backfill-bench sign` signs (the reference side of the
benchmark): POST to DynamoDB with Content-Type and X-Amz-Target, a 60-byte body, a session token.

Prints `botocore-sign: X us/signature (N/s)`. Usage: sigv4_botocore_bench.py [N]
"""

import sys
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BODY = b'{"TableName":"BackfillJobs","Key":{"job_id":{"S":"job-42"}}}'
assert len(BODY) == 60


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token")
    headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.GetItem"}
    for _ in range(max(1, count // 10)):  # warm-up
        SigV4Auth(credentials, "dynamodb", "us-east-1").add_auth(
            AWSRequest(method="POST", url="https://dynamodb.us-east-1.amazonaws.com/", data=BODY, headers=headers))
    start = time.perf_counter()
    for _ in range(count):
        request = AWSRequest(method="POST", url="https://dynamodb.us-east-1.amazonaws.com/", data=BODY,
                             headers=headers)
        SigV4Auth(credentials, "dynamodb", "us-east-1").add_auth(request)
    elapsed = time.perf_counter() - start
    print(f"botocore-sign: {elapsed / count * 1e6:.1f} us/signature ({count / elapsed:.0f}/s)")


if __name__ == "__main__":
    main()
