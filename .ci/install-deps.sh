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
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# the Debian package starts a cluster on 5432; tests start their own throwaway servers instead
$SUDO service postgresql stop >/dev/null 2>&1 || true
