#!/usr/bin/env bash
# PostgreSQL server binaries for the ledger tests (PostgresIntentLedgerITCase starts its own throwaway
# cluster with initdb + pg_ctl under /tmp, as user postgres when run as root). Idempotent.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
# the Debian package starts a default cluster on 5432; the tests do not use it
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters --no-header 2>/dev/null | while read -r ver name port status _; do
    [ "$status" = "online" ] && pg_ctlcluster "$ver" "$name" stop || true
  done
fi
id postgres >/dev/null 2>&1 || { echo "user postgres missing after install" >&2; exit 1; }
ls -d /usr/lib/postgresql/*/bin | tail -1
