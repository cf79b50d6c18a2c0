#!/usr/bin/env bash
# `make demo`: runs the engine end to end on local stand-ins, no AWS account needed.
# Starts the Lambda Runtime API emulator and `bootstrap`, sends events, prints the results, stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

invoke() { # invoke PORT EVENT: prints the function's answer (and its error type, if any)
  local headers body
  headers=$(mktemp)
  body=$(curl -s -D "$headers" -X POST "http://127.0.0.1:$1/invoke" -d "$2")
  if grep -qi '^x-amz-function-error' "$headers"; then
    echo "  error ($(grep -i '^x-amz-function-error' "$headers" | cut -d' ' -f2 | tr -d '\r')): $body"
  else
    echo "  ok: $body"
  fi
  rm -f "$headers"
}

wait_for_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

echo "== diagnostics: bootstrap under the local Runtime API emulator"
port=$(free_port)
"$bin/lambda-emulator" --port "$port" >/dev/null & pids+=($!)
wait_for_port "$port"
AWS_LAMBDA_RUNTIME_API="127.0.0.1:$port" _HANDLER=diagnostics AWS_LAMBDA_FUNCTION_NAME=demo-diagnostics \
  AWS_LAMBDA_LOG_FORMAT=JSON "$bin/bootstrap" > /tmp/backfill-demo-diagnostics.log & pids+=($!)
echo "event 1: {}";                        invoke "$port" '{}'
echo "event 2: {\"echo\": true}";          invoke "$port" '{"echo": true, "note": "delivered as sent"}'
echo "event 3: not JSON";                  invoke "$port" '{"months": 13,'
echo "(the process kept serving after the bad event; its JSON logs: /tmp/backfill-demo-diagnostics.log)"

echo
echo "== cost-backfill: 13 months from a local Cost Explorer stand-in into moto S3, tracked in moto DynamoDB"
moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" > /tmp/backfill-demo-moto.log 2>&1 & pids+=($!)
wait_for_port "$moto_port"
moto="http://127.0.0.1:$moto_port"
"$bin/fake-apis" cost-explorer --latency-ms 50 --max-rps 5 --page-size 10 > /tmp/backfill-demo-ce.txt & pids+=($!)
for _ in $(seq 1 600); do grep -q listening /tmp/backfill-demo-ce.txt 2>/dev/null && break; sleep 0.05; done
ce=$(sed -n 's/^listening //p' /tmp/backfill-demo-ce.txt)
[ -n "$ce" ] || { echo "demo: the Cost Explorer stand-in (fake-apis) did not start; see /tmp/backfill-demo-ce.txt" >&2; exit 1; }
# moto runs without signature checks here; the credential scope still tells it the region and service.
scope() { echo "Authorization: AWS4-HMAC-SHA256 Credential=demo/20250101/us-east-1/$1/aws4_request, SignedHeaders=host, Signature=0"; }
curl -s -o /dev/null -X PUT "$moto/cost-demo" -H "$(scope s3)"
curl -s -o /dev/null -X POST "$moto/" -H "$(scope dynamodb)" -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
  -H 'Content-Type: application/x-amz-json-1.0' \
  -d '{"TableName":"BackfillJobs","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"job_id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"job_id","AttributeType":"S"}]}'
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_ENDPOINT_URL="$moto" \
  AWS_ENDPOINT_URL_COST_EXPLORER="$ce" DATA_BUCKET=cost-demo DATA_PREFIX=cost JOBS_TABLE=BackfillJobs
cost_port=$(free_port)
"$bin/lambda-emulator" --port "$cost_port" --timeout 900 >/dev/null & pids+=($!)
wait_for_port "$cost_port"
AWS_LAMBDA_RUNTIME_API="127.0.0.1:$cost_port" _HANDLER=cost-backfill AWS_LAMBDA_FUNCTION_NAME=demo-cost-backfill \
  AWS_LAMBDA_LOG_FORMAT=JSON "$bin/bootstrap" > /tmp/backfill-demo-cost.log & pids+=($!)
echo "event 1: {\"backfill\": true, \"months\": 13, \"dry_run\": true}"
invoke "$cost_port" '{"backfill": true, "months": 13, "dry_run": true}'
echo "event 2: {\"backfill\": true, \"months\": 13, \"force\": false}"
invoke "$cost_port" '{"backfill": true, "months": 13, "force": false}'
echo "event 3: the same again (every month is in the bucket: all skipped)"
invoke "$cost_port" '{"backfill": true, "months": 13}'
echo "event 4: {\"backfill\": true, \"months\": 0}"
invoke "$cost_port" '{"backfill": true, "months": 0}'
echo "objects written:"
curl -s "$moto/cost-demo?list-type=2&prefix=cost" -H "$(scope s3)" | grep -o '<Key>[^<]*</Key>' | sed 's/<[^>]*>//g' | head -7 | sed 's/^/  /'
echo "  … ($(curl -s "$moto/cost-demo?list-type=2&prefix=cost" -H "$(scope s3)" | grep -o '<Key>' | wc -l) objects)"
echo "the job, as operators see it (backfill status):"
"$bin/backfill" status | sed 's/^/  /'
echo "(function logs: /tmp/backfill-demo-cost.log; Cost Explorer stand-in: $ce, moto: $moto)"
