#!/usr/bin/env bash
# `make demo`: runs the engine end to end on local stand-ins, no AWS account needed: the Lambda Runtime API
# emulator running `bootstrap`, moto_server for AWS, and fake-apis for the source APIs. Each handler family has
# its section in scripts/demo/NN-name.sh (run in order; `scripts/demo.sh cost` runs the sections matching "cost").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/demo/lib.sh
for section in scripts/demo/[0-9]*.sh; do
  if [ $# -gt 0 ] && [[ "$section" != *"$1"* ]]; then continue; fi
  source "$section"
done
