#!/bin/sh
# Runs every benchmark of a release build and prints the table.
# usage: bench/run.sh BUILD_DIR   (make bench calls it)
set -eu
build=${1:-build/bench-release}
mkdir -p build/bench
"$build/bench/civicpost_startup_bench" "$build/civicpost" build/bench/results.json
"$build/bench/civicpost_rendition_bench" "$build/civicpost" build/bench/results.json
"$build/bench/civicpost_webhook_bench" build/bench/results.json
"$build/bench/civicpost_site_bench" "$build/civicpost" build/bench/results.json
# The labelled tweets when the shared data is there, else a built-in set.
texts=../shared/data/moderation/germeval2018.training.txt
[ -f "$texts" ] || texts=
"$build/bench/civicpost_classify_bench" build/bench/results.json models \
  examples/sassenberg/concept.toml $texts
echo "results: build/bench/results.json"
