# make demo section: a 13-month cost backfill into moto S3, tracked in moto DynamoDB.
echo
echo "== cost-backfill: 13 months from a local Cost Explorer stand-in into moto S3, tracked in moto DynamoDB"
start_fake ce cost-explorer --latency-ms 50 --max-rps 5 --page-size 10
curl -s -o /dev/null -X PUT "$moto/cost-demo" -H "$(scope s3)"
curl -s -o /dev/null -X POST "$moto/" -H "$(scope dynamodb)" -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
  -H 'Content-Type: application/x-amz-json-1.0' \
  -d '{"TableName":"BackfillJobs","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"job_id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"job_id","AttributeType":"S"}]}'
export AWS_ENDPOINT_URL_COST_EXPLORER="$ce" DATA_BUCKET=cost-demo DATA_PREFIX=cost JOBS_TABLE=BackfillJobs
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
