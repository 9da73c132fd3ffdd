#!/usr/bin/env bash
# Regenerates mmsb-bench/results/TABLE.md, mmsb-bench/results/ratios.svg and the section of docs/BENCHMARKS.md between
# <!-- bench:start --> and <!-- bench:end --> from a results file (default: the newest run in mmsb-bench/results).
# Needs only Java 17+ (the report classes are compiled for 17); builds the bench jar first if it is missing or older
# than the sources. Benchmarks missing from the file (added since it was made) are left out of the tables.
#
# Usage: scripts/bench-table.sh [mmsb-bench/results/<date>-<name>.json]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=mmsb-bench/target/mmsb-bench.jar
modules="mmsb-api mmsb-backend-panama mmsb-backend-unsafe mmsb-vector mmsb-queue mmsb-bench"
# shellcheck disable=SC2086 # the module list splits on purpose
if [ ! -f "$jar" ] || [ -n "$(find pom.xml $modules -path '*/target' -prune -o -path '*/results' -prune \
    -o -newer "$jar" -type f -print | head -n 1)" ]; then
  mvn -q -pl mmsb-bench -am package -DskipTests
fi
exec java -cp "$jar" dev.mmsb.bench.report.ResultsTable "$@" --readme docs/BENCHMARKS.md
