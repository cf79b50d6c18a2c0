# make demo section: one tenant on the ConnectWise stand-in, one on the ServiceNow stand-in, their chunks into
# Parquet in moto S3, the canonical triggers (caught by a local Lambda Invoke stand-in) and the sync markers; then
# the same tenants through `backfill tenant trigger` (tenant-initiator) and the TenantBackfill state machine of
# template.yaml executed by moto's interpreter, with `backfill status` showing the jobs.
echo
echo "== tenant-backfill: a ConnectWise tenant and a ServiceNow tenant, chunks into Parquet in moto S3"
start_fake cw connectwise --latency-ms 20
start_fake sn servicenow --latency-ms 20
ddb() { curl -s -X POST "$moto/" -H "$(scope dynamodb)" -H "X-Amz-Target: DynamoDB_20120810.$1" \
  -H 'Content-Type: application/x-amz-json-1.0' -d "$2"; }
sm() { curl -s -o /dev/null -X POST "$moto/" -H "$(scope secretsmanager)" -H "X-Amz-Target: secretsmanager.$1" \
  -H 'Content-Type: application/x-amz-json-1.1' -d "$2"; }
curl -s -o /dev/null -X PUT "$moto/tenant-lake" -H "$(scope s3)"
ddb CreateTable '{"TableName":"BackfillJobs","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"job_id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"job_id","AttributeType":"S"}]}' >/dev/null
ddb CreateTable '{"TableName":"TenantServices","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"},{"AttributeName":"service","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"tenant_id","AttributeType":"S"},{"AttributeName":"service","AttributeType":"S"}]}' >/dev/null
ddb CreateTable '{"TableName":"LastUpdated","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"},{"AttributeName":"table_name","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"tenant_id","AttributeType":"S"},{"AttributeName":"table_name","AttributeType":"S"}]}' >/dev/null
ddb PutItem '{"TableName":"TenantServices","Item":{"tenant_id":{"S":"acme"},"service":{"S":"connectwise"},"enabled":{"BOOL":true},"secret_name":{"S":"tenants/acme/connectwise"}}}' >/dev/null
ddb PutItem '{"TableName":"TenantServices","Item":{"tenant_id":{"S":"globex"},"service":{"S":"servicenow"},"enabled":{"BOOL":true},"secret_name":{"S":"tenants/globex/servicenow"}}}' >/dev/null
sm CreateSecret "{\"Name\":\"tenants/acme/connectwise\",\"SecretString\":\"{\\\"api_url\\\":\\\"$cw\\\",\\\"company_id\\\":\\\"acme\\\",\\\"public_key\\\":\\\"fake-public\\\",\\\"private_key\\\":\\\"fake-private\\\",\\\"client_id\\\":\\\"fake-client\\\"}\"}"
sm CreateSecret "{\"Name\":\"tenants/globex/servicenow\",\"SecretString\":\"{\\\"instance_url\\\":\\\"$sn\\\",\\\"username\\\":\\\"svc-backfill\\\",\\\"password\\\":\\\"fake-password\\\"}\"}"
# The canonical transform functions: a local stand-in for Lambda Invoke that logs what it is sent.
lambda_port=$(free_port)
python3 - "$lambda_port" > /tmp/backfill-demo-lambda.log 2>/dev/null <<'PY' & pids+=($!)
import http.server, sys, urllib.parse
class Invoke(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        name = urllib.parse.unquote(self.path.split("/")[3])
        print(f"{name} ({self.headers.get('X-Amz-Invocation-Type')}): {body}", flush=True)
        self.send_response(202); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Invoke).serve_forever()
PY
wait_for_port "$lambda_port"
export AWS_ENDPOINT_URL_LAMBDA="http://127.0.0.1:$lambda_port" DATA_BUCKET=tenant-lake JOBS_TABLE=BackfillJobs \
  TENANT_SERVICES_TABLE=TenantServices LAST_UPDATED_TABLE=LastUpdated ENVIRONMENT=demo
echo "backfill tenant run --tenant-id acme --service connectwise --start-date 2023-01-01 --end-date 2023-07-01 --dry-run"
"$bin/backfill" tenant run --tenant-id acme --service connectwise --start-date 2023-01-01 --end-date 2023-07-01 \
  --dry-run | python3 -c 'import json,sys; b=json.load(sys.stdin)["body"]; print("  job", b["job_id"], {t: len(v["chunks"]) for t, v in b["tables"].items()}, "chunks")'
for run in "acme connectwise 2023-01-01T00:00:00Z 2023-07-01" "globex servicenow 2024-01-01 2024-04-01"; do
  set -- $run
  echo "backfill tenant run --tenant-id $1 --service $2 --start-date $3 --end-date $4"
  "$bin/backfill" tenant run --tenant-id "$1" --service "$2" --start-date "$3" --end-date "$4" 2>/dev/null \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); b=r["body"]; print("  ", r["statusCode"], b["message"], {t: v["written"] for t, v in b["tables"].items()})'
done
echo "canonical triggers sent:"
sed 's/^/  /' /tmp/backfill-demo-lambda.log
echo "sync markers:"
ddb Scan '{"TableName":"LastUpdated"}' | python3 -c 'import json,sys; [print("  ", i["tenant_id"]["S"], i["table_name"]["S"], i["last_updated"]["S"]) for i in json.load(sys.stdin)["Items"]]'
echo "read back (duckdb, every chunk of acme's tickets as one table):"
dir=$(mktemp -d)
for key in $(curl -s "$moto/tenant-lake?list-type=2&prefix=acme" -H "$(scope s3)" | grep -o '<Key>[^<]*tickets/[^<]*\.parquet</Key>' | sed 's/<[^>]*>//g'); do
  curl -s "$moto/tenant-lake/$key" -H "$(scope s3)" -o "$dir/$(basename "$key")"
done
python3 -c "import duckdb,sys; r = duckdb.connect().execute(\"select count(*), count(distinct _chunk_start) from read_parquet('$dir/*.parquet')\").fetchone(); print('   records', r[0], 'in', r[1], 'chunks')"
rm -rf "$dir"

echo
echo "== tenant-initiator → the TenantBackfill state machine of template.yaml, executed by moto's interpreter"
# moto's Task states call Lambda at localhost:$MOTO_PORT: a second moto_server whose MOTO_PORT is a Lambda Invoke
# stand-in routing TenantBackfillFunction and TenantInitiatorFunction to the real handlers (bootstrap under
# lambda-emulator) and logging every other function (the canonical transforms).
tb_port=$(free_port); ti_port=$(free_port); router_port=$(free_port); sfn_moto_port=$(free_port)
"$bin/lambda-emulator" --port "$tb_port" --timeout 900 >/dev/null & pids+=($!)
"$bin/lambda-emulator" --port "$ti_port" --timeout 900 >/dev/null & pids+=($!)
python3 - "$router_port" "$tb_port" "$ti_port" > /tmp/backfill-demo-sfn-lambda.log 2>/dev/null <<'PY' & pids+=($!)
import http.server, sys, urllib.parse, urllib.request
routes = {"TenantBackfillFunction": int(sys.argv[2]), "TenantInitiatorFunction": int(sys.argv[3])}
class Invoke(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        name = urllib.parse.unquote(self.path.split("/")[3]).split(":")[-1]
        print(f"{name} ({self.headers.get('X-Amz-Invocation-Type') or 'RequestResponse'}): {body.decode()[:160]}", flush=True)
        if name not in routes:
            self.send_response(202); self.send_header("Content-Length", "0"); self.end_headers(); return
        request = urllib.request.Request(f"http://127.0.0.1:{routes[name]}/invoke", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=900) as answer:
            out, error = answer.read(), answer.headers.get("X-Amz-Function-Error")
        self.send_response(200)
        if error: self.send_header("X-Amz-Function-Error", error)
        self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Invoke).serve_forever()
PY
MOTO_PORT=$router_port moto_server -H 127.0.0.1 -p "$sfn_moto_port" > /tmp/backfill-demo-moto-sfn.log 2>&1 & pids+=($!)
wait_for_port "$sfn_moto_port"; wait_for_port "$router_port"
moto_first=$moto; moto="http://127.0.0.1:$sfn_moto_port"
curl -s -o /dev/null -X POST "$moto/moto-api/config" -H 'Content-Type: application/json' \
  -d '{"stepfunctions":{"execute_state_machine":true}}'
curl -s -o /dev/null -X PUT "$moto/tenant-lake" -H "$(scope s3)"
ddb CreateTable '{"TableName":"BackfillJobs","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"job_id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"job_id","AttributeType":"S"},{"AttributeName":"tenant_id","AttributeType":"S"},{"AttributeName":"status","AttributeType":"S"}],"GlobalSecondaryIndexes":[{"IndexName":"tenant-status","KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"},{"AttributeName":"status","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]}' >/dev/null
ddb CreateTable '{"TableName":"TenantServices","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"},{"AttributeName":"service","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"tenant_id","AttributeType":"S"},{"AttributeName":"service","AttributeType":"S"}]}' >/dev/null
ddb CreateTable '{"TableName":"LastUpdated","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"},{"AttributeName":"table_name","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"tenant_id","AttributeType":"S"},{"AttributeName":"table_name","AttributeType":"S"}]}' >/dev/null
ddb PutItem '{"TableName":"TenantServices","Item":{"tenant_id":{"S":"acme"},"service":{"S":"connectwise"},"enabled":{"BOOL":true},"secret_name":{"S":"tenants/acme/connectwise"}}}' >/dev/null
ddb PutItem '{"TableName":"TenantServices","Item":{"tenant_id":{"S":"globex"},"service":{"S":"servicenow"},"enabled":{"BOOL":true},"secret_name":{"S":"tenants/globex/servicenow"}}}' >/dev/null
sm CreateSecret "{\"Name\":\"tenants/acme/connectwise\",\"SecretString\":\"{\\\"api_url\\\":\\\"$cw\\\",\\\"company_id\\\":\\\"acme\\\",\\\"public_key\\\":\\\"fake-public\\\",\\\"private_key\\\":\\\"fake-private\\\",\\\"client_id\\\":\\\"fake-client\\\"}\"}"
sm CreateSecret "{\"Name\":\"tenants/globex/servicenow\",\"SecretString\":\"{\\\"instance_url\\\":\\\"$sn\\\",\\\"username\\\":\\\"svc-backfill\\\",\\\"password\\\":\\\"fake-password\\\"}\"}"
sfn() { curl -s -X POST "$moto/" -H "$(scope states)" -H "X-Amz-Target: AWSStepFunctions.$1" \
  -H 'Content-Type: application/x-amz-json-1.0' -d "$2"; }
# The definition between the BEGIN/END markers of template.yaml, with the two functions' ARNs. moto deep-copies a
# machine with its past executions on StartExecution, which fails once one has run: the demo recreates the machine
# (same name, same ARN) before each start; AWS needs none of this.
machine_arn=arn:aws:states:us-east-1:123456789012:stateMachine:demo-TenantBackfill
machine_request=$(python3 - <<'PY'
import json
lines = open("template.yaml").read().split("\n")
begin = next(i for i, l in enumerate(lines) if "BEGIN TenantBackfill" in l)
end = next(i for i, l in enumerate(lines) if "END TenantBackfill" in l)
text = "\n".join(l.strip() for l in lines[begin - 1:end + 3])
for name in ("TenantBackfillFunction", "TenantInitiatorFunction"):
    text = text.replace("${%s.Arn}" % name, "arn:aws:lambda:us-east-1:123456789012:function:" + name)
json.loads(text)
print(json.dumps({"name": "demo-TenantBackfill", "definition": text, "roleArn": "arn:aws:iam::123456789012:role/states"}))
PY
)
fresh_machine() { sfn DeleteStateMachine "{\"stateMachineArn\":\"$machine_arn\"}" >/dev/null; sfn CreateStateMachine "$machine_request" >/dev/null; }
# A cap of 1 here (5 in template.yaml) so the second tenant's job waits in the queue.
export AWS_ENDPOINT_URL="$moto" AWS_ENDPOINT_URL_LAMBDA="http://127.0.0.1:$router_port" MAX_CONCURRENT_BACKFILLS=1 \
  TENANT_STATE_MACHINE_ARN=$machine_arn
for handler in tenant-backfill:$tb_port tenant-initiator:$ti_port; do
  AWS_LAMBDA_RUNTIME_API="127.0.0.1:${handler#*:}" _HANDLER="${handler%%:*}" AWS_LAMBDA_FUNCTION_NAME="demo-${handler%%:*}" \
    AWS_LAMBDA_LOG_FORMAT=JSON "$bin/bootstrap" >> /tmp/backfill-demo-sfn-functions.log 2>&1 & pids+=($!)
done
wait_execution() { # wait_execution ARN: polls DescribeExecution until it ends, then prints status and the finalize step
  for _ in $(seq 1 600); do
    sfn DescribeExecution "{\"executionArn\":\"$1\"}" > /tmp/backfill-demo-sfn-execution.json
    grep -q '"status": *"RUNNING"' /tmp/backfill-demo-sfn-execution.json || break
    sleep 0.2
  done
  python3 -c '
import json, sys
e = json.load(open("/tmp/backfill-demo-sfn-execution.json")); out = json.loads(e.get("output") or "{}")
f = out.get("finalize", {})
print("   execution", e["status"], "| job", f.get("status"), "|", {t: (v["done"], v["records"]) for t, v in f.get("tables", {}).items()}, "(chunks done, records)")'
}
trigger() { # trigger TENANT SERVICE START END: backfill tenant trigger; prints what started and what was queued
  echo "backfill tenant trigger --tenant-id $1 --service $2 --start-date $3 --end-date $4"
  "$bin/backfill" tenant trigger --tenant-id "$1" --service "$2" --start-date "$3" --end-date "$4" \
    2>>/tmp/backfill-demo-sfn-trigger.log | python3 -c 'import json,sys; r=json.load(sys.stdin); print("   started", [s["job_id"] for s in r["started"]], "queued", [(q["job_id"], q.get("reason")) for q in r["queued"]])'
}
execution() { echo "arn:aws:states:us-east-1:123456789012:execution:demo-TenantBackfill:$1"; }
fresh_machine
trigger acme connectwise 2023-01-01 2023-07-01
trigger globex servicenow 2024-01-01 2024-04-01
echo "backfill status --tenants (acme's execution running, globex's job queued behind the cap):"
"$bin/backfill" status --tenants | sed 's/^/  /'
wait_execution "$(execution backfill_acme_connectwise_20230101)"
globex=$(execution backfill_globex_servicenow_20240101)
if ! sfn DescribeExecution "{\"executionArn\":\"$globex\"}" | grep -q '"status"'; then
  # acme's last step (StartQueued) asked the initiator to start globex's job; moto refuses a StartExecution sent
  # from inside a running execution of the machine (see above), so the job went back in the queue, first in line.
  echo "   (moto refused the start from acme's last step: the job stayed queued; AWS starts it there)"
  fresh_machine
  echo "{\"start_queued\": true} to tenant-initiator (what its 15-minute schedule sends):"
  invoke "$ti_port" '{"start_queued": true}' | cut -c1-200
fi
wait_execution "$globex"
echo "state machine steps invoked (Plan, Map items, Pending, Finalize, StartQueued; canonical triggers):"
python3 -c '
import collections, re
steps = collections.Counter()
for line in open("/tmp/backfill-demo-sfn-lambda.log"):
    name, payload = line.split(": ", 1)
    kind = next((k for k in ("plan", "partition", "pending_job_id", "finalize_job_id", "start_queued") if "\"%s\"" % k in payload),
                "canonical trigger" if "canonical" in name else name)
    steps[kind] += 1
print("  ", dict(steps))'
echo "the initiator's slots (running and queued jobs; the cap is MAX_CONCURRENT_BACKFILLS=$MAX_CONCURRENT_BACKFILLS):"
ddb GetItem '{"TableName":"BackfillJobs","Key":{"job_id":{"S":"tenant-initiator#slots"}}}' \
  | python3 -c 'import json,sys; s=json.loads(json.load(sys.stdin)["Item"]["slots"]["S"]); print("  ", {k: [j.get("job_id") for j in v] for k, v in s.items()})'
echo "backfill status --tenants:"
"$bin/backfill" status --tenants | sed 's/^/  /'
echo "(functions: /tmp/backfill-demo-sfn-functions.log; Lambda calls: /tmp/backfill-demo-sfn-lambda.log)"
moto=$moto_first; export AWS_ENDPOINT_URL="$moto_first"
