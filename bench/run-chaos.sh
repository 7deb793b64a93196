#!/usr/bin/env bash
# The chaos test, longer: ChaosITCase (job/src/test/java/io/spreadflow/job/cluster) on a standalone cluster with more ticks and
# more kills. JobManager, TaskManager, Kafka broker and execution service run as child JVMs; the TaskManager, the service and
# the broker are killed with SIGKILL and restarted while the live loop trades. Prints each recovery time, the counts and the
# load average. See RELIABILITY.md.
#   ./bench/run-chaos.sh                          # 1,000,000 ticks, 10 TaskManager kills, 3 service kills, 2 broker kills
#   TICKS=400000 TM_KILLS=6 ./bench/run-chaos.sh
# Environment: TICKS, TM_KILLS, SERVICE_KILLS, BROKER_KILLS, RATE (ticks/s the feed publishes; default 4000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TICKS="${TICKS:-1000000}"
echo "$(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$ROOT"
mvn -B -pl job -am -Dtest=ChaosITCase -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.ticks="$TICKS" -Dchaos.tmKills="${TM_KILLS:-10}" -Dchaos.serviceKills="${SERVICE_KILLS:-3}" \
  -Dchaos.brokerKills="${BROKER_KILLS:-2}" -Dchaos.ticksPerSecond="${RATE:-4000}" test 2>&1 | grep -E '^chaos:|Tests run:|FAIL|BUILD'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
