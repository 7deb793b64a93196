#!/usr/bin/env bash
# Live latency, deployment-like: builds the bench module and its dependencies with the job jar (no tests), then runs
# io.spreadflow.bench.DeployedLatency once per rate: the broker, the Flink JobManager and TaskManager and the execution
# service each in their own JVM, the job jar submitted to the standalone cluster; this JVM only sends ticks.
# Arguments: RATE [warm-up s (20)] [measured s (60)] [ROCKSDB|HASHMAP] [parallelism (2)] [job option ...].
#   ./bench/run-deployed-latency.sh                 # 5000 and 20000 ticks/s, RocksDB
#   ./bench/run-deployed-latency.sh 20000 20 60     # one rate
# Environment: BENCH_JAVA_OPTS (default -Xmx1g: this JVM only produces), TM_JAVA_OPTS (further TaskManager JVM options,
# e.g. "-XX:MaxGCPauseMillis=10"), SKIP_BUILD=1 to reuse the last build. -DkeepDir=true in BENCH_JAVA_OPTS keeps the run folder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
run() {
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java ${BENCH_JAVA_OPTS:--Xmx1g} "${OPENS[@]}" -Dspreadflow.root="$ROOT" -Dlog4j2.level=WARN \
    -cp "$CP" io.spreadflow.bench.DeployedLatency "$@"
}
if [ $# -gt 0 ]; then
  run "$@"
else
  for rate in 5000 20000; do run "$rate" 20 60 ROCKSDB; done
fi
