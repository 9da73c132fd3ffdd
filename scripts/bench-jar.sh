#!/usr/bin/env bash
# Runs the JMH jar, mmsb-bench/target/mmsb-bench.jar, on a JDK 25 (its benchmark JVMs get
# --sun-misc-unsafe-memory-access=allow, which JDK 23+ knows, and the Panama variants need 25), building the jar
# first when it is missing or older than the sources. The JDK: $MMSB_BENCH_JAVA if set, else $JAVA_HOME if it is
# 25 or newer, else the newest JDK 25+ among the places Maven's toolchains plugin also looks (/usr/lib/jvm,
# /usr/java, /opt/java, ~/.jdks, ~/.sdkman/candidates/java, ~/.gradle/jdks).
#
# Usage: scripts/bench-jar.sh [JMH options]
#   scripts/bench-jar.sh -l                                       # list the benchmarks
#   scripts/bench-jar.sh 'VectorBenchmark.pushNew' -f 1 -prof gc  # one benchmark, every impl
#   scripts/bench-jar.sh Paging -p impl=panama,syscall-panama     # some impls of one class
#   scripts/bench-jar.sh --print-java                             # only say which java it would use
set -euo pipefail
cd "$(dirname "$0")/.."

# The feature version of the JDK at $1 (from its release file), or nothing.
feature() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

find_java() {
  if [ -n "${MMSB_BENCH_JAVA:-}" ]; then
    echo "$MMSB_BENCH_JAVA"
    return
  fi
  if [ -n "${JAVA_HOME:-}" ] && [ "$(feature "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    echo "$JAVA_HOME/bin/java"
    return
  fi
  local best="" best_feature=0 home f
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/* \
      "$HOME"/.gradle/jdks/*; do
    [ -x "$home/bin/java" ] || continue
    f=$(feature "$home")
    if [ -n "$f" ] && [ "$f" -ge 25 ] && [ "$f" -gt "$best_feature" ]; then
      best="$home/bin/java"
      best_feature=$f
    fi
  done
  if [ -z "$best" ]; then
    echo "scripts/bench-jar.sh: no JDK 25 or newer found; set MMSB_BENCH_JAVA=/path/to/jdk-25/bin/java" >&2
    exit 1
  fi
  echo "$best"
}

java=$(find_java)
if [ "${1:-}" = "--print-java" ]; then
  echo "$java"
  exit 0
fi
jar=mmsb-bench/target/mmsb-bench.jar
modules="mmsb-api mmsb-backend-panama mmsb-backend-unsafe mmsb-vector mmsb-queue mmsb-bench"
# shellcheck disable=SC2086 # the module list splits on purpose
if [ ! -f "$jar" ] || [ -n "$(find pom.xml $modules -path '*/target' -prune -o -path '*/results' -prune \
    -o -newer "$jar" -type f -print | head -n 1)" ]; then
  mvn -q -pl mmsb-bench -am package -DskipTests
fi
exec "$java" -jar "$jar" "$@"
