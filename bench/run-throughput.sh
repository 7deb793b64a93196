#!/usr/bin/env bash
# Backtest throughput: builds the bench module and its dependencies (no tests), then runs
# io.spreadflow.bench.BacktestThroughput [replicas (20)] [runs (3)] [parallelism (2)] [fees|trading].
# Environment: BENCH_JAVA_OPTS (default -Xmx6g), SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && mvn -q -B -pl bench -am -DskipTests package) >&2
fi
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
exec java ${BENCH_JAVA_OPTS:--Xmx6g} -Dspreadflow.root="$ROOT" \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$CP" io.spreadflow.bench.BacktestThroughput "$@"
