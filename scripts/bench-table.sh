#!/usr/bin/env bash
# Regenerates mmsb-bench/results/TABLE.md, mmsb-bench/results/ratios.svg and the README's section between
# <!-- bench:start --> and <!-- bench:end --> from a results file (default: the newest run in mmsb-bench/results).
# Needs only Java 17+; builds the bench jar first if it is missing.
#
# Usage: scripts/bench-table.sh [mmsb-bench/results/<date>-<name>.json]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=mmsb-bench/target/mmsb-bench.jar
if [ ! -f "$jar" ]; then
  mvn -q -pl mmsb-bench -am package -DskipTests
fi
exec java -cp "$jar" dev.mmsb.bench.report.ResultsTable "$@" --readme README.md
