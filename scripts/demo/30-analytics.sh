# make demo section: a hand-written DynamoDB export (gen_export.py, the real layout) in moto S3 aggregated per day
# and app by analytics-aggregate under the Runtime API emulator, into a moto analytics table.
echo
echo "== analytics-aggregate: a 3,000-item export in moto S3 → per-day metrics in a moto DynamoDB table"
ddb() { curl -s -X POST "$moto/" -H "$(scope dynamodb)" -H "X-Amz-Target: DynamoDB_20120810.$1" \
  -H 'Content-Type: application/x-amz-json-1.0' -d "$2"; }
curl -s -o /dev/null -X PUT "$moto/analytics-exports" -H "$(scope s3)"
ddb CreateTable '{"TableName":"Analytics","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"date","KeyType":"HASH"},{"AttributeName":"app","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"date","AttributeType":"S"},{"AttributeName":"app","AttributeType":"S"}]}' >/dev/null
ddb CreateTable '{"TableName":"BackfillJobs","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"job_id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"job_id","AttributeType":"S"}]}' >/dev/null 2>&1 || true
export_dir=$(mktemp -d)
folder=$(python3 ../shared/bench/gen_export.py "$export_dir" 3000 3 1)
python3 - "$moto" "$export_dir" <<'PY'
import os, sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="demo", aws_secret_access_key="demo")
root = sys.argv[2]
for base, _, names in os.walk(root):
    for name in names:
        path = os.path.join(base, name)
        s3.upload_file(path, "analytics-exports", "exports/" + os.path.relpath(path, root))
PY
echo "uploaded: $(basename "$folder") ($(ls "$folder/data" | wc -l) data files, manifests included)"
analytics_port=$(free_port)
"$bin/lambda-emulator" --port "$analytics_port" --timeout 900 >/dev/null & pids+=($!)
wait_for_port "$analytics_port"
EXPORT_BUCKET=analytics-exports EXPORT_PREFIX=exports ANALYTICS_TABLE=Analytics JOBS_TABLE=BackfillJobs \
  AWS_LAMBDA_RUNTIME_API="127.0.0.1:$analytics_port" _HANDLER=analytics-aggregate \
  AWS_LAMBDA_FUNCTION_NAME=demo-analytics-aggregate AWS_LAMBDA_LOG_FORMAT=JSON "$bin/bootstrap" \
  > /tmp/backfill-demo-analytics.log & pids+=($!)
echo "event 1: {\"mode\":\"backfill\",\"backfillStartDate\":\"2025-02-30\"}"
invoke "$analytics_port" '{"mode":"backfill","backfillStartDate":"2025-02-30"}'
echo "event 2: {\"mode\":\"backfill\",\"backfillStartDate\":\"2025-01-17\"}"
invoke "$analytics_port" '{"mode":"backfill","backfillStartDate":"2025-01-17"}' | cut -c1-400
echo "per-day table (first rows of the analytics table):"
ddb Scan '{"TableName":"Analytics","Limit":400}' | python3 -c '
import json, sys
rows = [i for i in json.load(sys.stdin)["Items"] if int(i["ActiveUsers"]["N"]) > 0]
print("  %-10s %-8s %6s %6s %6s %6s" % ("date", "app", "users", "games", "parties", "joins"))
for i in sorted(rows, key=lambda i: (i["date"]["S"], i["app"]["S"]))[:8]:
    print("  %-10s %-8s %6s %6s %6s %6s" % (i["date"]["S"], i["app"]["S"], i["ActiveUsers"]["N"],
          i["GamesPlayed"]["N"], i["PartiesCreated"]["N"], i["PartiesJoined"]["N"]))'
rm -rf "$export_dir"
echo "(function logs: /tmp/backfill-demo-analytics.log; moto: $moto)"
