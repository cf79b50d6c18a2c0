# make demo section: the AnalyticsBackfill state machine of template.yaml executed by moto's Step Functions
# interpreter, with the real analytics-export and analytics-aggregate handlers behind its Lambda tasks: a main
# table of a few thousand items in moto → moto's export (data files) → plan → fan out over the partitions →
# merge → the per-day table.
echo
echo "== analytics: the AnalyticsBackfill state machine (template.yaml) in moto's interpreter, the real handlers behind it"
# This section has its own moto: the interpreter's Lambda tasks call localhost:$MOTO_PORT, set here to a Lambda
# Invoke proxy that runs our handlers (under the Runtime API emulator) and forwards anything else to this moto.
sfn_moto_port=$(free_port)
proxy_port=$(free_port)
sfn_moto="http://127.0.0.1:$sfn_moto_port"
MOTO_PORT="$proxy_port" moto_server -H 127.0.0.1 -p "$sfn_moto_port" > /tmp/backfill-demo-analytics-moto.log 2>&1 &
pids+=($!)
wait_for_port "$sfn_moto_port"
export_port=$(free_port)
aggregate_port=$(free_port)
python3 - "$proxy_port" "$sfn_moto_port" "$export_port" "$aggregate_port" > /tmp/backfill-demo-analytics-proxy.log 2>&1 <<'PY' &
import sys, urllib.request, urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port, moto, export, aggregate = (int(a) for a in sys.argv[1:5])
functions = {"AnalyticsExportFunction": export, "AnalyticsAggregateFunction": aggregate}
class Proxy(BaseHTTPRequestHandler):
    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = self.path.split("?")[0].split("/")
        if self.command == "POST" and len(parts) == 5 and parts[2] == "functions" and parts[4] == "invocations":
            name = urllib.request.unquote(parts[3]).split(":")[-1]
            request = urllib.request.Request(f"http://127.0.0.1:{functions[name]}/invoke", data=body or b"{}", method="POST")
        else:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
            request = urllib.request.Request(f"http://127.0.0.1:{moto}{self.path}", data=body or None,
                                             headers=headers, method=self.command)
        try:
            answer = urllib.request.urlopen(request, timeout=900)
        except urllib.error.HTTPError as error:
            answer = error
        payload = answer.read()
        self.send_response(answer.status)
        for key, value in answer.headers.items():
            if key.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = forward
    def log_message(self, *args): pass
ThreadingHTTPServer(("127.0.0.1", port), Proxy).serve_forever()
PY
pids+=($!)
wait_for_port "$proxy_port"
: > /tmp/backfill-demo-analytics.log
for analytics_pair in "export:$export_port" "aggregate:$aggregate_port"; do
  analytics_name=${analytics_pair%%:*} analytics_fn_port=${analytics_pair##*:}
  "$bin/lambda-emulator" --port "$analytics_fn_port" --timeout 900 >/dev/null & pids+=($!)
  wait_for_port "$analytics_fn_port"
  AWS_ENDPOINT_URL="$sfn_moto" TABLE_NAME=main EXPORT_BUCKET=analytics-exports EXPORT_PREFIX=exports \
    ANALYTICS_TABLE=Analytics JOBS_TABLE=BackfillJobs ANALYTICS_FANOUT_MB=0 \
    AWS_LAMBDA_RUNTIME_API="127.0.0.1:$analytics_fn_port" _HANDLER="analytics-$analytics_name" AWS_LAMBDA_FUNCTION_NAME="demo-analytics-$analytics_name" \
    AWS_LAMBDA_LOG_FORMAT=JSON "$bin/bootstrap" >> /tmp/backfill-demo-analytics.log & pids+=($!)
done
python3 - "$sfn_moto" template.yaml <<'PY'
import datetime as dt, json, random, sys, time, urllib.request
import boto3
endpoint, template = sys.argv[1], sys.argv[2]
aws = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="demo", aws_secret_access_key="demo")
ddb, s3, sfn = boto3.client("dynamodb", **aws), boto3.client("s3", **aws), boto3.client("stepfunctions", **aws)
urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/config", method="POST",
    data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode()))
def table(name, *keys):
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": k, "KeyType": t} for k, t in zip(keys, ["HASH", "RANGE"])],
                     AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k in keys])
table("main", "modelId"); table("Analytics", "date", "app"); table("BackfillJobs", "job_id")
ddb.update_continuous_backups(TableName="main", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
s3.create_bucket(Bucket="analytics-exports")
rnd, today = random.Random(7), dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
start = today - dt.timedelta(days=14)
def at(seconds): return (start + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
with boto3.resource("dynamodb", **aws).Table("main").batch_writer() as batch:
    for n in range(3000):
        app, offset = rnd.choice(["bubbly", "fizz", "pop"]), rnd.randrange(14 * 86400)
        if n % 3:
            batch.put_item(Item={"modelId": f"session-{app}-{n:06d}", "userId": f"user-{rnd.randrange(400)}",
                                 "createdAt": at(offset), "gamesPlayed": rnd.randrange(12)})
        else:
            members = [{"userId": f"user-{rnd.randrange(400)}", "joinedAt": at(offset + rnd.randrange(60, 3600))}
                       for _ in range(rnd.randrange(4))]
            batch.put_item(Item={"modelId": f"party-{app}-{n:06d}", "hostId": f"user-{rnd.randrange(400)}",
                                 "createdAt": at(offset), "members": members})
print(f"main table: 3,000 items over 14 days, 3 apps (moto {endpoint})")
lines = open(template).read().split("\n")
begin = next(i for i, l in enumerate(lines) if "BEGIN AnalyticsBackfill" in l)
end = next(i for i, l in enumerate(lines) if "END AnalyticsBackfill" in l)
definition = "\n".join(l.strip() for l in lines[begin - 1:end + 3])
for name, value in {"${AnalyticsExportFunction.Arn}": "arn:aws:lambda:us-east-1:123456789012:function:AnalyticsExportFunction",
                    "${AnalyticsAggregateFunction.Arn}": "arn:aws:lambda:us-east-1:123456789012:function:AnalyticsAggregateFunction",
                    "${AnalyticsExportPollSeconds}": "1", "${AnalyticsMaxWaitSeconds}": "600",
                    "${AnalyticsMapConcurrency}": "4"}.items():
    definition = definition.replace(name, value)
machine = sfn.create_state_machine(name="AnalyticsBackfill", definition=definition,
                                   roleArn="arn:aws:iam::123456789012:role/states")["stateMachineArn"]
event = {"mode": "backfill", "backfillStartDate": start.strftime("%Y-%m-%d")}
print("StartExecution of AnalyticsBackfill (from template.yaml; ANALYTICS_FANOUT_MB=0, so it fans out):",
      json.dumps(event))
execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps(event))["executionArn"]
for _ in range(600):
    described = sfn.describe_execution(executionArn=execution)
    if described["status"] != "RUNNING": break
    time.sleep(0.2)
visited = [e["stateEnteredEventDetails"]["name"] for e in sfn.get_execution_history(executionArn=execution,
           maxResults=1000)["events"] if "stateEnteredEventDetails" in e]
print(f"  {described['status']}; states: {' → '.join(dict.fromkeys(visited))}")
output = json.loads(described.get("output") or "{}")
plan, body = output.get("plan", {}), output.get("aggregate", {}).get("body", {})
print(f"  plan: {plan.get('partitionCount')} partition(s), {plan.get('totalBytes')} bytes, job {plan.get('job_id')}")
print(f"  result: {json.dumps({k: body.get(k) for k in ('items', 'days', 'apps', 'table_items_written', 'cloudwatch')})}")
rows = ddb.scan(TableName="Analytics", ConsistentRead=True)["Items"]
days = {}
for item in rows:
    day = days.setdefault(item["date"]["S"], [0, 0, 0, 0, 0])
    day[0] += 1
    for index, name in enumerate(["ActiveUsers", "GamesPlayed", "PartiesCreated", "PartiesJoined"], 1):
        day[index] += int(item[name]["N"])
print("per-day table (the analytics table, summed over apps):")
print("  %-10s %4s %6s %6s %7s %6s" % ("date", "apps", "users", "games", "parties", "joins"))
for date in sorted(days):
    print("  %-10s %4d %6d %6d %7d %6d" % (date, *days[date]))
PY
echo "(function logs: /tmp/backfill-demo-analytics.log; this section's moto: $sfn_moto)"
