#!/bin/sh
# Fetches the versions package.json names from the npm registry into vendor/
# and records their SHA-512 sums. Run it when you change a version there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/vendor"
rm -f ./*.tgz
node -e 'const d = require(process.argv[1]).dependencies;
  for (const [name, version] of Object.entries(d)) console.log(`${name}@${version}`);' \
  "$here/package.json" | xargs npm pack --silent
sha512sum ./*.tgz | sed 's| \./| |' > SHA512SUMS
cat SHA512SUMS
