#!/usr/bin/env bash
# Live latency: builds the bench module and its dependencies (no tests), then runs
# io.spreadflow.bench.LiveLatency once per rate: RATE [warm-up s (20)] [measured s (60)] [ROCKSDB|HASHMAP] [parallelism (2)].
#   ./bench/run-live-latency.sh                 # 1000, 5000 and 20000 ticks/s, RocksDB
#   ./bench/run-live-latency.sh 5000 20 60      # one rate
# Environment: BENCH_JAVA_OPTS (default -Xmx4g), SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && mvn -q -B -pl bench -am -DskipTests package) >&2
fi
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
# the JVM flags Flink passes on Java 17
OPENS=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)
run() {
  java ${BENCH_JAVA_OPTS:--Xmx4g} "${OPENS[@]}" -Dspreadflow.root="$ROOT" -Dlog4j2.level=WARN \
    -cp "$CP" io.spreadflow.bench.LiveLatency "$@"
}
if [ $# -gt 0 ]; then
  run "$@"
else
  for rate in 1000 5000 20000; do run "$rate" 20 60 ROCKSDB; done
fi
