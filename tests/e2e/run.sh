#!/bin/sh
# Runs the browser tests: installs playwright-core and axe-core from the
# lockfile when needed (a fresh machine has none), then the tests against
# the given civicpost binary. Usage: run.sh BINARY OUT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
binary=$1
out=$2

if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$here/node_modules"
fi

mkdir -p "$out"
CIVICPOST_BINARY=$binary E2E_OUT=$out exec node --test-reporter=spec "$here/staff.test.mjs"
