#!/usr/bin/env bash
# State at scale: builds the bench module and its dependencies (no tests), then runs io.spreadflow.bench.ScaleBench:
#   ./bench/run-scale.sh [instruments (1000)] [ticks/s (20000)] [measured s (60)] [checkpoint interval s (5)] [options]
#   ./bench/run-scale.sh                          # 1,000 instruments x 3 venues, 20,000 ticks/s, 20 s warm-up + 60 s, task failure
#   ./bench/run-scale.sh 1000 20000 60 5 --recovery tm
# Options after the four numbers: --warm-up S, --recovery task|tm|none, --fail-after S, --parallelism P, --backend ROCKSDB|HASHMAP
# (--help lists them). Environment: BENCH_JAVA_OPTS (default -Xmx4g), SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
exec java ${BENCH_JAVA_OPTS:--Xmx4g} "${OPENS[@]}" -Dspreadflow.root="$ROOT" -Dlog4j2.level=WARN \
  -cp "$CP" io.spreadflow.bench.ScaleBench "$@"
