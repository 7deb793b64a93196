#!/usr/bin/env bash
# Live latency: builds the bench module and its dependencies (no tests), then runs
# io.spreadflow.bench.LiveLatency once per rate: RATE [warm-up s (20)] [measured s (60)] [ROCKSDB|HASHMAP] [parallelism (2)] [job option ...].
#   ./bench/run-live-latency.sh                 # 1000, 5000 and 20000 ticks/s, RocksDB
#   ./bench/run-live-latency.sh 5000 20 60      # one rate
# Environment: BENCH_JAVA_OPTS (default -Xmx4g; add -DkeepDir=true to keep the run folder), SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
run() {
  java ${BENCH_JAVA_OPTS:--Xmx4g} "${OPENS[@]}" -Dspreadflow.root="$ROOT" -Dlog4j2.level=WARN \
    -cp "$CP" io.spreadflow.bench.LiveLatency "$@"
}
if [ $# -gt 0 ]; then
  run "$@"
else
  for rate in 1000 5000 20000; do run "$rate" 20 60 ROCKSDB; done
fi
