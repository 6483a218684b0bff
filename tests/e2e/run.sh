#!/bin/sh
# Runs the browser tests against the given civicpost binary.
# Usage: run.sh BINARY OUT_DIR
#
# playwright-core and axe-core come from vendor/: the npm registry's own
# tarballs, checked against SHA512SUMS (the registry's integrity hashes) and
# unpacked into node_modules/. So `make test` needs no registry access: it
# runs on a municipal server without internet and behind TLS-inspecting
# proxies alike. update-vendor.sh fetches new versions.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
binary=$1
out=$2

stamp="$here/node_modules/.vendor-sums"
if ! cmp -s "$here/vendor/SHA512SUMS" "$stamp" 2>/dev/null; then
  (cd "$here/vendor" && sha512sum --quiet -c SHA512SUMS) || {
    echo "run.sh: a tarball in tests/e2e/vendor does not match SHA512SUMS" >&2
    exit 1
  }
  rm -rf "$here/node_modules"
  for tarball in "$here"/vendor/*.tgz; do
    name=$(basename "$tarball" .tgz)
    package=${name%-*}  # "playwright-core-1.61.1" -> "playwright-core"
    mkdir -p "$here/node_modules/$package"
    tar -xzf "$tarball" -C "$here/node_modules/$package" --strip-components=1
  done
  cp "$here/vendor/SHA512SUMS" "$stamp"
fi

mkdir -p "$out"
CIVICPOST_BINARY=$binary E2E_OUT=$out node "$here/staff.test.mjs"
CIVICPOST_BINARY=$binary E2E_OUT=$out node "$here/moderation.test.mjs"
CIVICPOST_BINARY=$binary E2E_OUT=$out exec node "$here/public.test.mjs"
