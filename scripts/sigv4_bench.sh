#!/bin/sh
# Runs the Swift signer benchmark and botocore's reference alternately, ROUNDS times, and prints the best
# figure of each and their ratio. Build first: swift build -c release --product backfill-bench
# Usage: scripts/sigv4_bench.sh [ROUNDS] [SWIFT_N] [BOTOCORE_N]
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-5}
swift_n=${2:-300000}
boto_n=${3:-20000}
bench=.build/release/backfill-bench
[ -x "$bench" ] || { echo "build it first: swift build -c release --product backfill-bench" >&2; exit 1; }
best_swift=""
best_boto=""
i=0
while [ "$i" -lt "$rounds" ]; do
    s=$("$bench" sign "$swift_n" --signer-only | sed -n 's/^sign: \([0-9.]*\) us.*/\1/p')
    b=$(python3 scripts/sigv4_botocore_bench.py "$boto_n" | sed -n 's/^botocore-sign: \([0-9.]*\) us.*/\1/p')
    echo "round $((i + 1)): swift $s us, botocore $b us"
    best_swift=$(printf '%s\n%s\n' "$best_swift" "$s" | sed '/^$/d' | sort -g | head -1)
    best_boto=$(printf '%s\n%s\n' "$best_boto" "$b" | sed '/^$/d' | sort -g | head -1)
    i=$((i + 1))
done
ratio=$(awk -v s="$best_swift" -v b="$best_boto" 'BEGIN { printf "%.1f", b / s }')
echo "sign: best $best_swift us/signature; botocore best $best_boto us/signature; ratio ${ratio}x"
