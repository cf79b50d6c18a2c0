# Shared by every demo section: the binaries, cleanup, ports, invoke, moto_server, fake-apis stand-ins.
# Sourced by scripts/demo.sh (not run alone).
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

# One moto_server for every section (no signature checks here; the tests check signatures).
moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" > /tmp/backfill-demo-moto.log 2>&1 & pids+=($!)
wait_for_port "$moto_port"
moto="http://127.0.0.1:$moto_port"
# moto runs without signature checks here; the credential scope still tells it the region and service.
scope() { echo "Authorization: AWS4-HMAC-SHA256 Credential=demo/20250101/us-east-1/$1/aws4_request, SignedHeaders=host, Signature=0"; }

start_fake() { # start_fake VAR NAME ARGS…: starts the fake-apis stand-in NAME and sets VAR to its base URL
  local var=$1; shift
  local out="/tmp/backfill-demo-fake-$1.txt"
  "$bin/fake-apis" "$@" > "$out" & pids+=($!)
  for _ in $(seq 1 600); do grep -q listening "$out" 2>/dev/null && break; sleep 0.05; done
  local url; url=$(sed -n 's/^listening //p' "$out")
  [ -n "$url" ] || { echo "demo: the $1 stand-in (fake-apis) did not start; see $out" >&2; exit 1; }
  printf -v "$var" '%s' "$url"
}
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_ENDPOINT_URL="$moto"
