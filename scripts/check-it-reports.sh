#!/usr/bin/env bash
# Fails unless the failsafe reports in $1 show container tests that ran: tests > 0, none skipped, none failed.
set -euo pipefail
dir="${1:?usage: check-it-reports.sh <failsafe-reports dir>}"
shopt -s nullglob
reports=("$dir"/TEST-*.xml)
if [ ${#reports[@]} -eq 0 ]; then
  echo "check-it-reports: no failsafe reports in $dir: the container tests did not run" >&2
  exit 1
fi
tests=0; skipped=0; failed=0
for report in "${reports[@]}"; do
  header=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  attr() { echo "$header" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  tests=$((tests + $(attr tests)))
  skipped=$((skipped + $(attr skipped)))
  failed=$((failed + $(attr failures) + $(attr errors)))
done
echo "check-it-reports: container tests run=$tests skipped=$skipped failed=$failed"
if [ "$tests" -eq 0 ] || [ "$skipped" -ne 0 ] || [ "$failed" -ne 0 ]; then
  echo "check-it-reports: in CI every container test must run and pass" >&2
  exit 1
fi
