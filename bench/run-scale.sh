#!/usr/bin/env bash
# State at scale: builds the bench module and its dependencies (no tests), then runs io.spreadflow.bench.ScaleBench:
#   ./bench/run-scale.sh [instruments (1000)] [ticks/s (20000)] [measured s (60)] [checkpoint interval s (5)] [options]
#   ./bench/run-scale.sh                          # 1,000 instruments x 3 venues, 20,000 ticks/s, 20 s warm-up + 60 s, task failure
#   ./bench/run-scale.sh 1000 20000 60 5 --recovery tm
# Options after the four numbers: --warm-up S, --recovery task|tm|none, --fail-after S, --parallelism P, --backend ROCKSDB|HASHMAP
# (--help lists them). Environment: BENCH_JAVA_OPTS (default -Xmx4g), SKIP_BUILD=1 to reuse the last build.
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
exec java ${BENCH_JAVA_OPTS:--Xmx4g} "${OPENS[@]}" -Dspreadflow.root="$ROOT" -Dlog4j2.level=WARN \
  -cp "$CP" io.spreadflow.bench.ScaleBench "$@"
