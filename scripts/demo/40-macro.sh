# make demo section: the macro gap-fill — a table with gaps in moto, the FRED stand-in, scan, file, fill.
echo
echo "== macro-gapfill: find the gaps of a macro table in moto, review missing_dates.txt, fill it from a FRED stand-in"
fred_keys="demo0000000000000000000000000001,demo0000000000000000000000000002"
start_fake fred fred --keys "$fred_keys" --latency-ms 200
curl -s -o /dev/null -X POST "$moto/" -H "$(scope dynamodb)" -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
  -H 'Content-Type: application/x-amz-json-1.0' \
  -d '{"TableName":"MacroIndicators-demo","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"date","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"date","AttributeType":"S"}]}'
curl -s -o /dev/null -X POST "$moto/" -H "$(scope dynamodb)" -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
  -H 'Content-Type: application/x-amz-json-1.0' \
  -d '{"TableName":"BackfillJobs","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"job_id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"job_id","AttributeType":"S"}]}'
# Weekdays of 2020–2024 (holidays included, as the old script wrote them), one in six left out, one in 25 lacking vix.
python3 - "$moto" <<'PY'
import datetime, json, sys, urllib.request
moto = sys.argv[1]
day, items = datetime.date(2020, 1, 1), []
index = 0
while day <= datetime.date(2024, 12, 31):
    if day.weekday() < 5:
        index += 1
        if index % 6 != 3:
            item = {"date": {"S": day.isoformat()}, "note": {"S": "kept"}}
            for field in ["interest_rate", "vix", "dxy", "treasury_2y", "treasury_10y", "yield_curve_spread", "ice_bofa_bbb"]:
                if not (field == "vix" and index % 25 == 7):
                    item[field] = {"N": "1.5"}
            items.append({"PutRequest": {"Item": item}})
    day += datetime.timedelta(days=1)
for start in range(0, len(items), 25):
    body = json.dumps({"RequestItems": {"MacroIndicators-demo": items[start:start + 25]}}).encode()
    request = urllib.request.Request(moto + "/", data=body, method="POST", headers={
        "X-Amz-Target": "DynamoDB_20120810.BatchWriteItem", "Content-Type": "application/x-amz-json-1.0",
        "Authorization": "AWS4-HMAC-SHA256 Credential=demo/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0"})
    urllib.request.urlopen(request).read()
print(f"  seeded {len(items)} items in MacroIndicators-demo")
PY
macro_dir=$(mktemp -d)
macro() { env -u MACRO_TABLE FRED_API_URL="$fred" FRED_API_KEYS="$fred_keys" JOBS_TABLE=BackfillJobs "$bin/backfill" macro --environment demo --metrics "$macro_dir/metrics.log" "$@"; }
echo "step 1: backfill macro --environment demo --scan-only --start-date 2020-01-01 --end-date 2024-12-31"
macro --scan-only --start-date 2020-01-01 --end-date 2024-12-31 --output-file "$macro_dir/missing_dates.txt" > "$macro_dir/scan.json"
echo "the file (head):"
head -8 "$macro_dir/missing_dates.txt" | sed 's/^/  /'
echo "step 2: backfill macro --environment demo --from-file missing_dates.txt"
macro --from-file "$macro_dir/missing_dates.txt" > "$macro_dir/fill.json"
python3 - "$macro_dir/fill.json" <<'PY'
import json, sys
body = json.load(open(sys.argv[1]))["body"]
print("  %s dates written with %s FRED calls: %s calls per date (the old script: 8); calls by key: %s"
      % (body["dates_written"], body["fred_calls"], body["calls_per_date"], body["fred_calls_by_key"]))
PY
echo "step 3: the same scan again"
macro --scan-only --start-date 2020-01-01 --end-date 2024-12-31 --output-file "$macro_dir/again.txt" 2>&1 >/dev/null | grep -E "Total dates to backfill|Unavailable" | sed 's/^/  /'
echo "(files: $macro_dir; FRED stand-in: $fred, moto: $moto)"
