# make demo section: one tenant on the ConnectWise stand-in, one on the ServiceNow stand-in, their chunks into
# Parquet in moto S3, the canonical triggers (caught by a local Lambda Invoke stand-in) and the sync markers.
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
