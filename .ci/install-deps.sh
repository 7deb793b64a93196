#!/usr/bin/env bash
# System packages the tests use: Chromium (report.html interaction tests) and PostgreSQL (ledger tests).
# Idempotent; needs root or sudo. Java 17 and Maven are expected on the machine.
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# the metrics tests parse scrapes with the Prometheus project's own text parser
/usr/bin/python3 -c "import prometheus_client.parser" >/dev/null 2>&1 || need+=(python3-prometheus-client)
# the schema catalogue tests parse every .avsc with Python's own Avro library; the consumer example reads topics with it
/usr/bin/python3 -c "import avro.schema" >/dev/null 2>&1 || need+=(python3-avro)
/usr/bin/python3 -c "import confluent_kafka" >/dev/null 2>&1 || need+=(python3-confluent-kafka)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# the Debian package starts a cluster on 5432; tests start their own throwaway servers instead
$SUDO service postgresql stop >/dev/null 2>&1 || true
