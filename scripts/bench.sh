#!/usr/bin/env bash
# `make bench`: the engine's figures measured beside the references in ../shared/bench (or what they describe),
# in the same run on the same machine, reported as ratios. Nothing here asserts a time; it prints figures.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED_DIR:-../shared}
venv=.venv-bench
out=${BENCH_OUT:-.build/bench}
mkdir -p "$out"

echo "== building release binaries"
swift build -c release --static-swift-stdlib --product bootstrap >/dev/null
swift build -c release --product backfill-bench >/dev/null
mkdir -p dist && strip -o dist/bootstrap .build/release/bootstrap
bench=.build/release/backfill-bench
names=$("$bench" 2>&1 || true)
has() { echo "$names" | grep -q "names:.*\b$1\b"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.1f}x' if b else 'n/a')" "$1" "$2"; }
field() { grep -o "$1 [0-9.]*" | head -1 | awk '{print $NF}'; }

echo
echo "== Lambda runtime: cold start (exec → first GET /invocation/next) and warm invocations/s"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q awslambdaric boto3
fi
ric=$(mktemp -d)
printf 'import boto3\n\ndef handler(event, context):\n    return {"requestId": context.aws_request_id}\n' > "$ric/app.py"
swift_out=$("$bench" runtime --runs 30 --invocations 5000 --label "bootstrap (Swift)" -- "$PWD/dist/bootstrap")
ric_out=$(cd "$ric" && "$OLDPWD/$bench" runtime --runs 10 --invocations 3000 --label "awslambdaric+boto3" \
  -- "$OLDPWD/$venv/bin/python" -m awslambdaric app.handler)
echo "$swift_out"; echo "$ric_out"
s_cold=$(echo "$swift_out" | field "median"); r_cold=$(echo "$ric_out" | field "median")
s_warm=$(echo "$swift_out" | grep warm | grep -o '[0-9]* invocations/s' | awk '{print $1}')
r_warm=$(echo "$ric_out" | grep warm | grep -o '[0-9]* invocations/s' | awk '{print $1}')
echo "ratio: cold start $(ratio "$r_cold" "$s_cold") faster; warm $(ratio "$s_warm" "$r_warm") the throughput"
echo "binary: dist/bootstrap $(stat -c %s dist/bootstrap) bytes stripped ($(( $(stat -c %s dist/bootstrap) / 1024 / 1024 )) MiB; limit 15 MiB)"

if has sign; then
  echo
  echo "== SigV4: signing a small DynamoDB request (Swift vs botocore, alternating, best of 5)"
  scripts/sigv4_bench.sh 5
  echo "botocore via the shared yardstick: $(python3 "$shared/bench/sigv4_botocore.py" 20000)"
fi

if has connections; then
  echo
  echo "== AWS client: 1,000 sequential signed requests to a loopback server"
  "$bench" connections 1000
fi

if has parquet; then
  echo
  echo "== Parquet: 1,000,000 rows, 10 mixed columns, GZIP (Swift level 6; pyarrow at level 6 and at its default)"
  for rows in 100000 1000000; do
    echo "-- $rows rows"
    echo "swift:";             "$bench" parquet "$rows" --out "$out/swift.parquet" | sed 's/^/  /'
    echo "pyarrow level 6:";   python3 scripts/bench_parquet_pyarrow.py "$rows" --out "$out/pyarrow6.parquet" --level 6 | sed 's/^/  /'
  done
  echo "pyarrow default level, 1,000,000 rows:"
  python3 scripts/bench_parquet_pyarrow.py 1000000 --out "$out/pyarrow.parquet" | sed 's/^/  /'
fi

if has cost-rate; then
  echo
  echo "== cost-backfill: 13 months against a Cost Explorer fake answering in 300 ms and enforcing 5 requests/s"
  "$bench" cost-rate
fi

if has macro; then
  echo
  echo "== macro-gapfill: ≈1,300 dates over 2000–2025 from a FRED fake (120/min/key, 200 ms), 5 keys; old script in theory"
  "$bench" macro --keys 5 --latency-ms 200 --rpm 120 --scan-items 6500
fi

if has tenant-pages; then
  echo
  echo "== tenant-backfill: 1,000,000 records of ConnectWise-shaped pages → one gzip Parquet chunk, beside pandas"
  "$venv/bin/python" -c 'import pandas, pyarrow' 2>/dev/null || "$venv/bin/pip" install -q pandas pyarrow
  pages="$out/tenant-pages"
  [ -d "$pages" ] || python3 "$shared/bench/tenant_pandas.py" --write-pages "$pages" 1000000 >/dev/null
  # The default is the handler's path for a chunk this size (two passes through /tmp, memory flat in records);
  # --memory-budget above the record count gives the one-pass path (all records in memory), like pandas.
  swift_out=$(/usr/bin/time -f 'peak_rss_kb %M' "$bench" tenant-pages "$pages" 2>&1)
  echo "$swift_out" | sed 's/^/  /'
  one_pass=$(/usr/bin/time -f 'peak_rss_kb %M' "$bench" tenant-pages "$pages" --memory-budget 2000000 2>&1)
  echo "$one_pass" | grep -E 'records_per_second|peak_rss_kb|path' | sed 's/^/  one-pass: /'
  pandas_out=$(/usr/bin/time -f 'peak_rss_kb %M' "$venv/bin/python" "$shared/bench/tenant_pandas.py" "$pages" --out "$out/tenant_pandas.parquet" 2>&1)
  echo "$pandas_out" | sed 's/^/  /'
  swift_rate=$(echo "$swift_out" | field tenant_pages_records_per_second:)
  pandas_rate=$(echo "$pandas_out" | grep -o '[0-9,]* records/s' | head -1 | tr -d ', records/s')
  echo "  ratio (Swift two-pass / pandas records/s): $(ratio "$swift_rate" "$pandas_rate")"
  one_rate=$(echo "$one_pass" | field tenant_pages_records_per_second:)
  echo "  ratio (Swift one-pass / pandas records/s): $(ratio "$one_rate" "$pandas_rate")"
  echo
  echo "== tenant-backfill: requests/minute achieved against ConnectWise's 200/min at 300 ms latency"
  "$bench" tenant-rate --latency-ms 300 --rpm 200 --requests 40
fi

if has analytics; then
  echo
  echo "== analytics-aggregate: a 1,000,000-item gen_export.py export on one core, beside agg_python.py and zcat"
  rm -rf "$out/export-1m" "$out/export-4m" "$out/export-half1" "$out/export-half2"
  ex1=$(python3 "$shared/bench/gen_export.py" "$out/export-1m" 1000000 16 1)
  raw=$(for f in "$ex1"/data/*.gz; do gzip -dc "$f"; done | wc -c)
  # zcat on the same core as the Swift run: the ratio compares one core with one core.
  t0=$(date +%s.%N); for f in "$ex1"/data/*.gz; do taskset -c 0 gzip -dc "$f"; done > /dev/null; t1=$(date +%s.%N)
  zcat_mbs=$(python3 -c "print(f'{$raw/($t1-$t0)/1e6:.1f}')")
  echo "zcat: $zcat_mbs MB/s of uncompressed JSON"
  py_out=$(python3 "$shared/bench/agg_python.py" "$ex1" --out "$out/python-1m.json"); echo "$py_out"
  sw_out=$(taskset -c 0 "$bench" analytics "$ex1" --out "$out/swift-1m.json"); echo "$sw_out"
  py_mbs=$(echo "$py_out" | grep -o '[0-9.]* MB/s uncompressed' | awk '{print $1}')
  sw_mbs=$(echo "$sw_out" | grep -o '[0-9.]* MB/s' | head -1 | awk '{print $1}')
  echo "ratio: $(ratio "$sw_mbs" "$zcat_mbs") zcat (goal >= 0.8x), $(ratio "$sw_mbs" "$py_mbs") Python (goal >= 6.5x)"
  cmp -s <(python3 -m json.tool --sort-keys "$out/python-1m.json") <(python3 -m json.tool --sort-keys "$out/swift-1m.json") \
    && echo "aggregates: identical to agg_python.py --out" || echo "aggregates: DIFFER from agg_python.py --out"
  echo "-- 4,000,000 items (peak RSS should stay flat apart from the distinct-user sets)"
  ex4=$(python3 "$shared/bench/gen_export.py" "$out/export-4m" 4000000 32 4)
  "$bench" analytics "$ex4" | grep -i 'rss\|MB/s'
  echo "-- 2 cores: two halves of 500,000 items, one after the other on one core vs. at once on two cores"
  h1=$(python3 "$shared/bench/gen_export.py" "$out/export-half1" 500000 8 11)
  h2=$(python3 "$shared/bench/gen_export.py" "$out/export-half2" 500000 8 12)
  t0=$(date +%s.%N); taskset -c 0 "$bench" analytics "$h1" >/dev/null; taskset -c 0 "$bench" analytics "$h2" >/dev/null
  t1=$(date +%s.%N); taskset -c 0 "$bench" analytics "$h1" >/dev/null & taskset -c 1 "$bench" analytics "$h2" >/dev/null; wait
  t2=$(date +%s.%N)
  python3 -c "s=$t1-$t0; p=$t2-$t1; print(f'one core {s:.2f} s, two cores {p:.2f} s: speed-up {s/p:.2f}x')"
fi

if has tenant-shared-rate; then
  echo "== tenant-backfill: four chunk workers (one caller each) sharing 200/min through the limiter store, 300 ms latency"
  "$bench" tenant-shared-rate --latency-ms 300 --rpm 200 --requests 240
  echo "  (the same four workers pacing themselves alone)"
  "$bench" tenant-shared-rate --latency-ms 300 --rpm 200 --requests 300 --unshared
fi

if has tenant-e2e; then
  echo
  echo "== tenant-backfill: one 200,000-record chunk end to end from the zero-latency ConnectWise fake into Parquet in memory"
  /usr/bin/time -f '  peak_rss_kb %M' "$bench" tenant-e2e --records 200000
fi

if has tracker-writes; then
  echo
  echo "== tracker: 16 workers claiming and completing the partitions of one job in moto_server (signature checking on)"
  "$bench" tracker-writes --workers 16 --partitions 320
fi
