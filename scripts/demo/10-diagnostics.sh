# make demo section: diagnostics under the local Runtime API emulator.
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

