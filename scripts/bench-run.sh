#!/usr/bin/env bash
# Runs every JMH benchmark (with -prof gc) and the peak-RSS runs on the JDK 25 that Maven's toolchains plugin finds,
# writes mmsb-bench/results/<date>-<name>.json with .machine.json and .peak-rss.json beside it, then regenerates
# mmsb-bench/results/TABLE.md, ratios.svg and the bench section of docs/BENCHMARKS.md. With the annotations' settings (2 forks of
# 3 s warmup + 5 s measurement for each benchmark and impl, 3 for the vector and queue benchmarks, plus GrowBenchmark's
# single shots) it takes about an hour, with -f 1 about 20 minutes; run it on a quiet machine.
#
# Usage: scripts/bench-run.sh [NAME [--no-peak] [JMH options...]]
#   scripts/bench-run.sh                                   # NAME "full", the annotations' settings
#   scripts/bench-run.sh smoke -f 1 -wi 1 -i 2 -w 1s -r 1s  # a quick, noisy look
#   scripts/bench-run.sh paging --no-peak Paging           # one benchmark class
#   scripts/bench-run.sh grow Grow                          # the 100 M growth: time (JMH) and peak RSS
set -euo pipefail
cd "$(dirname "$0")/.."
args="${*:-full}"
exec mvn -q -P bench -pl mmsb-bench -am verify -DskipTests "-Dbench.args=$args"
